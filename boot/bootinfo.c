#include "bootinfo.h"

#include <string.h>

#define PAGE 4096ull

int bootinfo_add_mem(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
	const uint64_t top = ~(PAGE - 1); /* the last page boundary below 2^64 */
	if (len > UINT64_MAX - base) /* reaches past 2^64: end at top */
		len = base < top ? top - base : 0;
	if (!len)
		return 0;
	if (bi->nmem >= BOOT_MEM_MAX) {
		bi->error = "the memory map has more entries than the kernel takes (64)";
		return -1;
	}
	if (type < MEM_RAM || type > MEM_UNUSABLE)
		type = MEM_RESERVED;
	unsigned i = bi->nmem++;
	while (i > 0 && bi->mem[i - 1].base > base) {
		bi->mem[i] = bi->mem[i - 1];
		i--;
	}
	bi->mem[i] = (struct mem_region){ base, len, type };
	return 0;
}

/* Which type wins where two entries overlap: the higher rank. */
static int rank(uint32_t type)
{
	static const int r[] = { [MEM_RAM] = 0, [MEM_ACPI] = 1, [MEM_NVS] = 2, [MEM_RESERVED] = 3,
				 [MEM_UNUSABLE] = 4 };
	return r[type];
}

int bootinfo_normalize(struct boot_info *bi)
{
	/* Every boundary, sorted: between two neighbours each entry either
	 * covers the whole piece or none of it. */
	uint64_t pt[2 * BOOT_MEM_MAX];
	unsigned npt = 0;
	for (unsigned i = 0; i < bi->nmem; i++) {
		uint64_t e[2] = { bi->mem[i].base, bi->mem[i].base + bi->mem[i].len };
		for (int k = 0; k < 2; k++) {
			unsigned j = npt++;
			while (j > 0 && pt[j - 1] > e[k]) {
				pt[j] = pt[j - 1];
				j--;
			}
			pt[j] = e[k];
		}
	}
	struct mem_region out[BOOT_MEM_MAX];
	unsigned n = 0;
	for (unsigned p = 0; p + 1 < npt; p++) {
		uint64_t lo = pt[p], hi = pt[p + 1];
		if (lo == hi)
			continue;
		uint32_t type = 0;
		for (unsigned i = 0; i < bi->nmem; i++) {
			const struct mem_region *r = &bi->mem[i];
			if (r->base <= lo && hi <= r->base + r->len && (!type || rank(r->type) > rank(type)))
				type = r->type;
		}
		if (!type)
			continue; /* a hole */
		if (n && out[n - 1].type == type && out[n - 1].base + out[n - 1].len == lo) {
			out[n - 1].len += hi - lo;
			continue;
		}
		if (n == BOOT_MEM_MAX) {
			bi->error = "the memory map has more entries than the kernel takes (64)";
			return -1;
		}
		out[n++] = (struct mem_region){ lo, hi - lo, type };
	}
	memcpy(bi->mem, out, n * sizeof(out[0]));
	bi->nmem = n;
	return 0;
}

int bootinfo_set_cmdline(struct boot_info *bi, const char *src, size_t avail)
{
	size_t max = avail < BOOT_CMDLINE_MAX ? avail : BOOT_CMDLINE_MAX;
	size_t len = strnlen(src, max);
	if (len == max) {
		bi->cmdline[0] = '\0';
		bi->error = len == BOOT_CMDLINE_MAX ? "the command line is longer than 4095 bytes"
						    : "the command line is not terminated where the loader put it";
		return -1;
	}
	memcpy(bi->cmdline, src, len + 1);
	return 0;
}

/* FUZZ_SOURCES: boot/pvh/pvh_info.c boot/xen-pv/pv_info.c boot/bootinfo.c */
/* Boot information from the loader: the PVH hvm_start_info (QEMU, Xen, the
 * UEFI loader) with the command line, module list and memory map it points
 * to, and the Xen PV start_info, each turned into a struct boot_info as the
 * entry points do. Input: a mode byte (bit 0: PV), then for PVH the
 * hvm_start_info followed by the loader's memory (physical BASE onwards:
 * the pointers in the start info may point anywhere, inside or not), for PV
 * the start_info and the image's end. Properties: nothing read outside the
 * loader's memory; the command line arrives whole (never cut silently); at
 * most BOOT_MOD_MAX modules; a memory map that is sorted, without empty,
 * wrapping or overlapping entries. */
#include "fuzz.h"

#include "boot/pvh/pvh_info.h"
#include "boot/xen-pv/pv_info.h"
#include "platform/platform.h"

#define BASE 0x100000ull
/* Memory past the input reads as zeros, as RAM would (the PVH entry maps
 * 4 GiB); the exact size keeps reads beyond it visible to ASan. */
#define PAD BOOT_CMDLINE_MAX

static const uint8_t *mem;
static size_t mem_len;

static const void *phys(uint64_t paddr, uint64_t len)
{
	if (paddr < BASE || paddr - BASE > mem_len || len > mem_len - (paddr - BASE))
		return NULL;
	return mem + (paddr - BASE);
}

/* A boot info with an error stops the boot (status 126): its map is never
 * used, and is not normalised. */
static void check_map(const struct boot_info *bi)
{
	FUZZ_ASSERT(bi->nmem <= BOOT_MEM_MAX && bi->nmod <= BOOT_MOD_MAX);
	if (bi->error)
		return;
	for (unsigned i = 0; i < bi->nmem; i++) {
		const struct mem_region *r = &bi->mem[i];
		FUZZ_ASSERT(r->len && r->type >= MEM_RAM && r->type <= MEM_UNUSABLE);
		FUZZ_ASSERT(r->base + r->len - 1 >= r->base); /* no wrap past 2^64 */
		if (i) {
			FUZZ_ASSERT(bi->mem[i - 1].base <= r->base);
			/* overlaps resolved (bootinfo_normalize) */
			FUZZ_ASSERT(bi->mem[i - 1].base + bi->mem[i - 1].len <= r->base);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_info bi;
	struct fuzz_in in = { data, size };
	uint8_t mode = fuzz_u8(&in);
	memset(&bi, 0, sizeof(bi));
	if (mode & 1) {
		start_info_t *si = malloc(sizeof(*si));
		fuzz_take(&in, si, sizeof(*si));
		uint64_t image_end = fuzz_u32(&in);
		xen_pv_bootinfo(&bi, si, image_end);
		FUZZ_ASSERT(strlen(bi.cmdline) < sizeof(si->cmd_line));
		free(si);
		check_map(&bi);
		return 0;
	}
	struct hvm_start_info si;
	fuzz_take(&in, &si, sizeof(si));
	uint8_t *m = calloc(1, in.n + PAD);
	memcpy(m, in.p, in.n);
	mem = m;
	mem_len = in.n + PAD;
	pvh_bootinfo(&bi, &si, phys);
	const char *src = si.cmdline_paddr ? phys(si.cmdline_paddr, 1) : NULL;
	/* The whole command line, or none (refused: the boot then stops with a
	 * message), never a part of it. */
	if (src && memchr(src, '\0', mem_len - (si.cmdline_paddr - BASE)))
		FUZZ_ASSERT(!strcmp(bi.cmdline, src) || !bi.cmdline[0]);
	FUZZ_ASSERT(bi.rsdp_paddr == si.rsdp_paddr);
	check_map(&bi);
	free(m);
	return 0;
}

/* FUZZ_SOURCES: platform/pc/acpi.c */
/* ACPI tables (platform/pc/acpi.c) as firmware or a hostile VMM may lay
 * them out: RSDP, RSDT/XSDT, FADT, DSDT (the \_S5 package) and the MADT.
 * Input: a flags byte, the RSDP hint (8 bytes), then the bytes of physical
 * memory from BASE (the BIOS area the RSDP scan reads; zeros past the input). With flag 1 the
 * harness first corrects the checksums of the RSDP at the hint and of every
 * table it can reach, so mutations get past them to the parsers.
 * Every mapping the parser asks for is an exactly-sized copy: a read past
 * what it mapped is an ASan error. Properties: no crash, results in range. */
#include "fuzz.h"

#include <sanitizer/asan_interface.h>

#include "platform/pc/acpi.h"

#define BASE 0xe0000ull
#define BIOS_AREA 0x20000 /* 0xE0000-0xFFFFF */
#define MAX_INPUT 0x10000

static const uint8_t *mem;
static size_t mem_len;
static void *maps[4096]; /* the copies handed out, freed after each input */
static unsigned nmaps;

static void *map(uint64_t paddr, uint64_t len)
{
	if (paddr < BASE || paddr - BASE > mem_len || len > mem_len - (paddr - BASE) || len == 0 ||
	    nmaps == sizeof(maps) / sizeof(maps[0]))
		return NULL;
	if (paddr - BASE + len == mem_len)
		return (void *)(mem + (paddr - BASE)); /* up to the end: ASan guards it already */
	void *p = malloc(len);
	memcpy(p, mem + (paddr - BASE), len);
	return maps[nmaps++] = p;
}

/* acpi_poweroff() is not driven here (it writes registers); it links this. */
void *mm_map_phys(uint64_t paddr, uint64_t len) { return map(paddr, len); }

uint32_t acpi_host_reg(int write, uint8_t space, uint64_t addr, unsigned width, uint32_t value)
{
	(void)write, (void)space, (void)addr, (void)width, (void)value;
	return 0;
}

/* ---- checksum fix-ups (harness side, so the fuzzer reaches the parsers) ---- */

static uint8_t *fix_at(uint8_t *m, size_t n, uint64_t pa, size_t len)
{
	return pa >= BASE && pa - BASE <= n && len <= n - (pa - BASE) ? m + (pa - BASE) : NULL;
}

static void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t s = 0;
	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		s += p[i];
	p[at] = (uint8_t)-s;
}

static void fix_table(uint8_t *m, size_t n, uint64_t pa, int depth)
{
	uint8_t *t = fix_at(m, n, pa, 36);
	uint32_t len;
	if (!t || depth > 2)
		return;
	memcpy(&len, t + 4, 4);
	if (len < 36 || !fix_at(m, n, pa, len))
		return;
	if (!memcmp(t, "XSDT", 4) || !memcmp(t, "RSDT", 4)) {
		size_t w = t[0] == 'X' ? 8 : 4;
		for (size_t o = 36; o + w <= len; o += w) {
			uint64_t e = 0;
			memcpy(&e, t + o, w);
			fix_table(m, n, e, depth + 1);
		}
	} else if (!memcmp(t, "FACP", 4)) {
		uint32_t d32 = 0;
		uint64_t d64 = 0;
		if (len >= 44)
			memcpy(&d32, t + 40, 4), fix_table(m, n, d32, depth + 1);
		if (len >= 148)
			memcpy(&d64, t + 140, 8), fix_table(m, n, d64, depth + 1);
	}
	fix_sum(t, len, 9);
}

static void fix_checksums(uint8_t *m, size_t n, uint64_t hint)
{
	uint8_t *r = fix_at(m, n, hint, 36);
	if (!r || memcmp(r, "RSD PTR ", 8))
		return;
	uint32_t rsdt;
	uint64_t xsdt;
	memcpy(&rsdt, r + 16, 4);
	memcpy(&xsdt, r + 24, 8);
	fix_table(m, n, rsdt, 0);
	fix_table(m, n, xsdt, 0);
	fix_sum(r, 20, 8);
	if (r[15] >= 2)
		fix_sum(r, 36, 32);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t flags = fuzz_u8(&in);
	uint64_t hint = fuzz_u64(&in);
	/* At least the BIOS area the RSDP scan maps whole; zeros past the input.
	 * One buffer for all inputs (a fresh 128 KiB each time is mostly page
	 * faults), poisoned past the memory so ASan still sees a read beyond. */
	static uint8_t m[BIOS_AREA + MAX_INPUT];
	size_t len = in.n > BIOS_AREA ? in.n : BIOS_AREA;
	if (len > sizeof(m))
		return -1;
	ASAN_UNPOISON_MEMORY_REGION(m, sizeof(m));
	memset(m, 0, len);
	memcpy(m, in.p, in.n);
	ASAN_POISON_MEMORY_REGION(m + len, sizeof(m) - len);
	if (flags & 1)
		fix_checksums(m, len, hint);
	mem = m;
	mem_len = len;
	nmaps = 0;

	uint64_t rsdp = acpi_find_rsdp(map, hint);
	FUZZ_ASSERT(rsdp == 0 || (rsdp >= BASE && rsdp - BASE < mem_len));

	struct acpi_madt madt;
	int r = acpi_parse_madt(map, hint, &madt);
	FUZZ_ASSERT(r == 0 || r == ACPI_ENORSDP || r == ACPI_ENOMADT);
	FUZZ_ASSERT(madt.nioapic <= ACPI_MADT_MAX_IOAPIC);

	struct acpi_poweroff_plan plan;
	r = acpi_plan_poweroff(map, hint, &plan);
	FUZZ_ASSERT(r <= 0 && r >= ACPI_ENOMADT);
	if (r == 0) {
		FUZZ_ASSERT(plan.count == 1 || plan.count == 2);
		for (int i = 0; i < plan.count; i++)
			FUZZ_ASSERT(plan.w[i].width == 1 || plan.w[i].width == 2);
	}

	/* The AML scanner on its own, over the input. */
	uint8_t a, b;
	const uint8_t *aml = map(BASE, in.n);
	acpi_find_s5(aml, aml ? in.n : 0, &a, &b);

	for (unsigned i = 0; i < nmaps; i++)
		free(maps[i]);
	return 0;
}

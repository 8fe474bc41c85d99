/* UNIT_SOURCES: boot/bootinfo.c */
/* Host test of bootinfo_add_mem: the map stays sorted by base, empty entries
 * are dropped, unknown types become MEM_RESERVED, a full map says -1. */
#include <stdint.h>
#include <string.h>

#include "boot/bootinfo.h"
#include "check.h"

static struct boot_info bi;

static int sorted(const struct boot_info *b)
{
	for (unsigned i = 1; i < b->nmem; i++)
		if (b->mem[i - 1].base > b->mem[i].base)
			return 0;
	return 1;
}

/* The PVH memory map QEMU microvm hands over: not sorted, and an empty entry
 * at the end (followed here by another one in the middle of real ones). */
static void test_microvm_map(void)
{
	static const struct { uint64_t base, len; uint32_t type; } in[] = {
		{ 0x100000, 0x7ff00000, MEM_RAM },
		{ 0, 0x9fc00, MEM_RAM },
		{ 0x9fc00, 0x400, MEM_RESERVED },
		{ 0xfeffc000, 0x4000, MEM_RESERVED },
		{ 0, 0, 0 },
		{ 0xf0000, 0x10000, MEM_RESERVED },
		{ 0x12345000, 0, MEM_RAM }, /* empty with a base: still dropped */
	};
	memset(&bi, 0, sizeof(bi));
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		CHECK_EQ(bootinfo_add_mem(&bi, in[i].base, in[i].len, in[i].type), 0);
	CHECK_EQ(bi.nmem, 5);
	CHECK(sorted(&bi));
	CHECK_EQ(bi.mem[0].base, 0);
	CHECK_EQ(bi.mem[0].len, 0x9fc00);
	CHECK_EQ(bi.mem[0].type, MEM_RAM);
	CHECK_EQ(bi.mem[1].base, 0x9fc00);
	CHECK_EQ(bi.mem[1].len, 0x400);
	CHECK_EQ(bi.mem[1].type, MEM_RESERVED);
	CHECK_EQ(bi.mem[2].base, 0xf0000);
	CHECK_EQ(bi.mem[2].len, 0x10000);
	CHECK_EQ(bi.mem[3].base, 0x100000);
	CHECK_EQ(bi.mem[3].len, 0x7ff00000);
	CHECK_EQ(bi.mem[3].type, MEM_RAM);
	CHECK_EQ(bi.mem[4].base, 0xfeffc000);
	CHECK_EQ(bi.mem[4].type, MEM_RESERVED);
	/* Untouched slots stay empty: nothing was written past nmem. */
	CHECK_EQ(bi.mem[5].len, 0);
}

static void test_types(void)
{
	memset(&bi, 0, sizeof(bi));
	/* Known types are kept as they are, anything else becomes reserved. */
	static const uint32_t types[] = { 0, MEM_RAM, MEM_RESERVED, MEM_ACPI, MEM_NVS,
					  MEM_UNUSABLE, 6, 12, 0xffffffffu };
	static const uint32_t want[] = { MEM_RESERVED, MEM_RAM, MEM_RESERVED, MEM_ACPI, MEM_NVS,
					 MEM_UNUSABLE, MEM_RESERVED, MEM_RESERVED, MEM_RESERVED };
	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		CHECK_EQ(bootinfo_add_mem(&bi, 0x1000 * (i + 1), 0x1000, types[i]), 0);
	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		CHECK_EQ(bi.mem[i].type, want[i]);
}

/* Reverse order, duplicates: sorted, and equal bases keep their order. */
static void test_order(void)
{
	memset(&bi, 0, sizeof(bi));
	for (unsigned i = 0; i < 10; i++)
		CHECK_EQ(bootinfo_add_mem(&bi, (10 - i) * 0x10000, 0x100 + i, MEM_RAM), 0);
	CHECK_EQ(bootinfo_add_mem(&bi, 0x50000, 0x999, MEM_ACPI), 0);
	CHECK_EQ(bootinfo_add_mem(&bi, ~0ull - 0x1fff, 0x1000, MEM_RESERVED), 0);
	CHECK_EQ(bi.nmem, 12);
	CHECK(sorted(&bi));
	CHECK_EQ(bi.mem[0].base, 0x10000);
	CHECK_EQ(bi.mem[0].len, 0x109);
	CHECK_EQ(bi.mem[4].base, 0x50000);
	CHECK_EQ(bi.mem[4].len, 0x105);  /* the first one added at 0x50000 */
	CHECK_EQ(bi.mem[5].base, 0x50000);
	CHECK_EQ(bi.mem[5].len, 0x999);
	CHECK_EQ(bi.mem[5].type, MEM_ACPI);
	CHECK_EQ(bi.mem[11].base, ~0ull - 0x1fff);
}

static void test_full(void)
{
	memset(&bi, 0, sizeof(bi));
	/* Fill in a scrambled order (37 is coprime with 64). */
	for (unsigned i = 0; i < BOOT_MEM_MAX; i++)
		CHECK_EQ(bootinfo_add_mem(&bi, (uint64_t)((i * 37) % BOOT_MEM_MAX) * 0x100000,
					  0x1000, MEM_RAM), 0);
	CHECK_EQ(bi.nmem, BOOT_MEM_MAX);
	CHECK(sorted(&bi));
	int wrong = 0;
	for (unsigned i = 0; i < BOOT_MEM_MAX; i++)
		wrong += bi.mem[i].base != (uint64_t)i * 0x100000;
	CHECK_EQ(wrong, 0);
	/* One more is refused and the map is left as it was. */
	struct mem_region copy[BOOT_MEM_MAX];
	memcpy(copy, bi.mem, sizeof(copy));
	CHECK_EQ(bootinfo_add_mem(&bi, 0x80000, 0x1000, MEM_RAM), -1);
	CHECK_EQ(bi.nmem, BOOT_MEM_MAX);
	CHECK(!memcmp(copy, bi.mem, sizeof(copy)));
	/* An empty entry is still just skipped, even when full. */
	CHECK_EQ(bootinfo_add_mem(&bi, 0, 0, 0), 0);
	CHECK_EQ(bi.nmem, BOOT_MEM_MAX);
}

/* Entries whose end wraps past 2^64 are cut at the last page below it;
 * one that starts there is dropped. */
static void test_wrap(void)
{
	memset(&bi, 0, sizeof(bi));
	CHECK_EQ(bootinfo_add_mem(&bi, 0x100000, ~0ull, MEM_RAM), 0);
	CHECK_EQ(bootinfo_add_mem(&bi, ~0ull - 0xfff, 0x2000, MEM_RESERVED), 0);
	CHECK_EQ(bi.nmem, 1);
	CHECK_EQ(bi.mem[0].base + bi.mem[0].len, 0xfffffffffffff000ull);
}

/* Overlapping entries: the more restrictive type wins, RAM is split around
 * what is reserved, and equal neighbours are merged. */
static void test_overlap(void)
{
	memset(&bi, 0, sizeof(bi));
	bootinfo_add_mem(&bi, 0, 0x1000000, MEM_RAM);             /* 0-16M RAM */
	bootinfo_add_mem(&bi, 0x200000, 0x100000, MEM_RESERVED);  /* 2-3M inside it */
	bootinfo_add_mem(&bi, 0xf00000, 0x200000, MEM_ACPI);      /* 15-17M across its end */
	bootinfo_add_mem(&bi, 0x1100000, 0x100000, MEM_RAM);      /* 17-18M after it */
	bootinfo_add_mem(&bi, 0x2000000, 0x100000, MEM_RAM);      /* 32-33M ... */
	bootinfo_add_mem(&bi, 0x2000000, 0x100000, MEM_UNUSABLE); /* ... the same range */
	bootinfo_add_mem(&bi, 0x3000000, 0x1000, MEM_RAM);        /* 48M: duplicates */
	bootinfo_add_mem(&bi, 0x3000000, 0x1000, MEM_RAM);
	CHECK_EQ(bootinfo_normalize(&bi), 0);
	CHECK(!bi.error);
	static const struct mem_region want[] = {
		{ 0, 0x200000, MEM_RAM },
		{ 0x200000, 0x100000, MEM_RESERVED },
		{ 0x300000, 0xc00000, MEM_RAM },
		{ 0xf00000, 0x200000, MEM_ACPI },
		{ 0x1100000, 0x100000, MEM_RAM },
		{ 0x2000000, 0x100000, MEM_UNUSABLE },
		{ 0x3000000, 0x1000, MEM_RAM },
	};
	CHECK_EQ(bi.nmem, sizeof(want) / sizeof(want[0]));
	for (unsigned i = 0; i < bi.nmem && i < sizeof(want) / sizeof(want[0]); i++) {
		CHECK_EQ(bi.mem[i].base, want[i].base);
		CHECK_EQ(bi.mem[i].len, want[i].len);
		CHECK_EQ(bi.mem[i].type, want[i].type);
	}
	/* A RAM range holed by 40 reserved pages: 81 entries do not fit. */
	memset(&bi, 0, sizeof(bi));
	bootinfo_add_mem(&bi, 0, 0x10000000, MEM_RAM);
	for (unsigned i = 0; i < 40; i++)
		bootinfo_add_mem(&bi, 0x100000 + i * 0x100000, 0x1000, MEM_RESERVED);
	CHECK_EQ(bootinfo_normalize(&bi), -1);
	CHECK(bi.error != NULL);
}

/* The command line: up to 4,095 bytes taken whole, longer refused. */
static void test_cmdline(void)
{
	static char line[10001];
	memset(line, 'a', sizeof(line) - 1);
	size_t lens[] = { 0, 4095, 4096, 10000 };
	for (unsigned i = 0; i < 4; i++) {
		memset(&bi, 0, sizeof(bi));
		line[lens[i]] = '\0';
		int rc = bootinfo_set_cmdline(&bi, line, sizeof(line));
		CHECK_EQ(rc, lens[i] < BOOT_CMDLINE_MAX ? 0 : -1);
		CHECK_EQ(strlen(bi.cmdline), rc ? 0 : lens[i]);
		CHECK_EQ(bi.error != NULL, rc != 0);
		line[lens[i]] = 'a';
	}
	/* Xen PV's fixed 1,024-byte field without its NUL */
	memset(&bi, 0, sizeof(bi));
	CHECK_EQ(bootinfo_set_cmdline(&bi, line, 1024), -1);
	CHECK(bi.error != NULL);
}

int main(void)
{
	test_wrap();
	test_overlap();
	test_cmdline();
	test_microvm_map();
	test_types();
	test_order();
	test_full();
	return check_done();
}

/* UNIT_SOURCES: boot/pvh/pvh_info.c boot/bootinfo.c */
/* Host test of the PVH start info conversion: a good hvm_start_info as QEMU
 * gives it, then corrupt ones (module list too long, outside memory,
 * wrapping; memory map too long; a command line of 4,096 bytes or more, or
 * outside memory): each one sets bi->error, which the kernel reports with
 * status 126, and nothing is read outside the "physical memory" here. */
#include <string.h>

#include "boot/pvh/pvh_info.h"
#include "check.h"

/* Guest-physical memory: 64 KiB at 0x10000. */
#define BASE 0x10000u
static unsigned char mem[0x10000];

static const void *phys(uint64_t pa, uint64_t len)
{
	return pa >= BASE && pa - BASE <= sizeof(mem) && len <= sizeof(mem) - (pa - BASE)
		       ? mem + (pa - BASE)
		       : NULL;
}

static struct hvm_start_info si;
static struct boot_info bi;
#define CMDLINE 0x10000u
#define MODS 0x12000u
#define MAP 0x13000u

static void good(void)
{
	memset(mem, 0, sizeof(mem));
	memset(&bi, 0, sizeof(bi));
	strcpy((char *)mem + (CMDLINE - BASE), "amphi.verbose -- a b");
	struct hvm_modlist_entry mods[2] = { { 0x200000, 0x1000, 0, 0 }, { 0x300000, 0x2000, 0, 0 } };
	memcpy(mem + (MODS - BASE), mods, sizeof(mods));
	struct hvm_memmap_table_entry map[3] = { { 0x100000, 0x7f00000, 1, 0 },
						 { 0, 0x9fc00, 1, 0 },
						 { 0xfeffc000, 0x4000, 2, 0 } };
	memcpy(mem + (MAP - BASE), map, sizeof(map));
	si = (struct hvm_start_info){ .magic = XEN_HVM_START_MAGIC_VALUE, .version = 1,
				      .nr_modules = 2, .modlist_paddr = MODS, .cmdline_paddr = CMDLINE,
				      .rsdp_paddr = 0xf0000, .memmap_paddr = MAP, .memmap_entries = 3 };
}

static void convert(void)
{
	memset(&bi, 0, sizeof(bi));
	pvh_bootinfo(&bi, &si, phys);
}

int main(void)
{
	good();
	convert();
	CHECK(!bi.error);
	CHECK(!strcmp(bi.cmdline, "amphi.verbose -- a b"));
	CHECK_EQ(bi.nmod, 2);
	CHECK_EQ(bi.mod[1].paddr, 0x300000);
	CHECK_EQ(bi.mod[1].len, 0x2000);
	CHECK_EQ(bi.nmem, 3);
	CHECK_EQ(bi.mem[0].base, 0);
	CHECK_EQ(bi.rsdp_paddr, 0xf0000);

	/* the module list: too many, outside memory, at 0, wrapping past 2^64 */
	good(), si.nr_modules = 9, convert();
	CHECK(bi.error && strstr(bi.error, "module list"));
	CHECK_EQ(bi.nmod, 0);
	good(), si.nr_modules = 0xffffffff, convert();
	CHECK(bi.error && strstr(bi.error, "module list"));
	good(), si.modlist_paddr = 0x1fff0, convert(); /* runs off the end of memory */
	CHECK(bi.error && strstr(bi.error, "outside memory"));
	good(), si.modlist_paddr = 0, convert();
	CHECK(bi.error && strstr(bi.error, "outside memory"));
	good(), si.modlist_paddr = 0xfffffffffffffff0ull, convert();
	CHECK(bi.error && strstr(bi.error, "outside memory"));
	good();
	((struct hvm_modlist_entry *)(mem + (MODS - BASE)))[1].size = ~0ull;
	convert();
	CHECK(bi.error && strstr(bi.error, "module reaches past"));

	/* the memory map: too long, outside memory */
	good(), si.memmap_entries = 65, convert();
	CHECK(bi.error && strstr(bi.error, "memory map"));
	good(), si.memmap_entries = 0x80000000u, convert();
	CHECK(bi.error && strstr(bi.error, "memory map"));
	good(), si.memmap_paddr = 0x1ffe0, convert();
	CHECK(bi.error && strstr(bi.error, "memory map lies outside"));
	good(), si.version = 0, convert(); /* version 0 has no map: none read */
	CHECK(!bi.error);
	CHECK_EQ(bi.nmem, 0);

	/* the command line: 4,095 bytes fit, 4,096 and 10,000 do not; one
	 * running off the end of memory without a NUL is refused too */
	size_t lens[] = { 4095, 4096, 10000 };
	for (int i = 0; i < 3; i++) {
		good();
		memset(mem + (CMDLINE - BASE), 'x', lens[i]);
		mem[CMDLINE - BASE + lens[i]] = 0;
		convert();
		CHECK_EQ(bi.error != NULL, lens[i] >= 4096);
		CHECK_EQ(strlen(bi.cmdline), lens[i] >= 4096 ? 0 : lens[i]);
	}
	good();
	si.cmdline_paddr = BASE + sizeof(mem) - 3;
	memset(mem + sizeof(mem) - 3, 'x', 3);
	convert();
	CHECK(bi.error && strstr(bi.error, "not terminated"));
	good(), si.cmdline_paddr = 0x5000, convert();
	CHECK(bi.error && strstr(bi.error, "outside memory"));
	return check_done();
}

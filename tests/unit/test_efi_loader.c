/* UNIT_SOURCES: boot/efi/memmap.c boot/efi/kimage.c */
/* Host test of the UEFI loader's pure parts: the UEFI memory map turned into
 * the PVH (E820) map -- sorted, types mapped, neighbours merged --, the check
 * that the kernel's range is free after ExitBootServices, and reading the
 * kernel ELF's segments and PVH entry note. */
#include <elf.h>
#include <string.h>

#include "boot/efi/kimage.h"
#include "boot/efi/memmap.h"
#include "check.h"
#include "platform/platform.h"

#define MiB (1ull << 20)

/* Descriptors are desc_size apart, which the firmware may make larger than
 * the struct: use 48 bytes, as OVMF does. */
#define DSZ 48
static UINT8 buf[64 * DSZ];
static struct efi_map map = { buf, 0, DSZ };

static void add(UINT32 type, uint64_t base, uint64_t len)
{
	EFI_MEMORY_DESCRIPTOR *d = (void *)(buf + map.size);
	memset(d, 0, DSZ);
	d->Type = type;
	d->PhysicalStart = base;
	d->NumberOfPages = len / 4096;
	map.size += DSZ;
}

/* An OVMF-like map, out of order, with neighbours to merge. */
static void ovmf_map(void)
{
	map.size = 0;
	add(EfiBootServicesData, 0x900000, 2 * MiB);
	add(EfiConventionalMemory, 0, 0xa0000);
	add(EfiConventionalMemory, 1 * MiB, 7 * MiB);
	add(EfiACPIMemoryNVS, 8 * MiB, 1 * MiB);
	add(EfiLoaderCode, 0xb00000, 1 * MiB);
	add(EfiRuntimeServicesData, 0xc00000, 1 * MiB);
	add(EfiACPIReclaimMemory, 0xd00000, 1 * MiB);
	add(EfiUnusableMemory, 0xe00000, 1 * MiB);
	add(EfiMemoryMappedIO, 0xb0000000, 256 * MiB);
}

static void test_e820(void)
{
	struct hvm_memmap_table_entry e[16];
	ovmf_map();
	unsigned n = memmap_to_e820(&map, e, 16);
	CHECK_EQ(n, 8);
	CHECK_EQ(e[0].addr, 0);
	CHECK_EQ(e[0].size, 0xa0000);
	CHECK_EQ(e[0].type, MEM_RAM);
	CHECK_EQ(e[1].addr, 1 * MiB);
	CHECK_EQ(e[1].size, 7 * MiB);
	CHECK_EQ(e[2].type, MEM_NVS);
	/* boot-services data and loader code: both RAM, and adjacent: one entry */
	CHECK_EQ(e[3].addr, 0x900000);
	CHECK_EQ(e[3].size, 3 * MiB);
	CHECK_EQ(e[3].type, MEM_RAM);
	CHECK_EQ(e[4].type, MEM_RESERVED); /* runtime services */
	CHECK_EQ(e[5].type, MEM_ACPI);
	CHECK_EQ(e[6].type, MEM_UNUSABLE);
	CHECK_EQ(e[7].addr, 0xb0000000);
	CHECK_EQ(e[7].type, MEM_RESERVED);
	/* Room for fewer entries: the rest is dropped, nothing overflows. */
	memset(e, 0xee, sizeof(e));
	CHECK_EQ(memmap_to_e820(&map, e, 2), 2);
	CHECK_EQ(e[2].addr, 0xeeeeeeeeeeeeeeeeull);
}

static void test_free_after_exit(void)
{
	uint64_t bad;
	uint32_t type;
	ovmf_map();
	CHECK(memmap_free_after_exit(&map, 1 * MiB, 2 * MiB, &bad, &type));
	/* up to the last conventional byte below the NVS at 8 MiB */
	CHECK(memmap_free_after_exit(&map, 1 * MiB, 8 * MiB, &bad, &type));
	CHECK(!memmap_free_after_exit(&map, 1 * MiB, 8 * MiB + 1, &bad, &type));
	CHECK_EQ(bad, 8 * MiB);
	CHECK_EQ(type, EfiACPIMemoryNVS);
	/* boot-services memory is free once they exit; loader memory is not */
	CHECK(memmap_free_after_exit(&map, 0x900000, 0xb00000, &bad, &type));
	CHECK(!memmap_free_after_exit(&map, 0xa00000, 0xb01000, &bad, &type));
	CHECK_EQ(bad, 0xb00000);
	CHECK_EQ(type, EfiLoaderCode);
	/* the hole between 640 KiB and 1 MiB is in no descriptor */
	CHECK(!memmap_free_after_exit(&map, 0x9f000, 0x101000, &bad, &type));
	CHECK_EQ(bad, 0xa0000);
	CHECK_EQ(type, ~0u);
}

/* A minimal kernel ELF: two PT_LOADs and a PT_NOTE with other notes first. */
static struct {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[3];
	uint8_t notes[64];
	uint8_t text[32];
} img;

static size_t make_image(uint32_t entry)
{
	memset(&img, 0, sizeof(img));
	memcpy(img.eh.e_ident, ELFMAG, SELFMAG);
	img.eh.e_ident[EI_CLASS] = ELFCLASS64;
	img.eh.e_machine = EM_X86_64;
	img.eh.e_phoff = offsetof(typeof(img), ph);
	img.eh.e_phentsize = sizeof(Elf64_Phdr);
	img.eh.e_phnum = 3;
	uint8_t *p = img.notes;
	Elf64_Nhdr gnu = { 4, 4, 3 }; /* owner "GNU", type 3 */
	memcpy(p, &gnu, sizeof(gnu));
	memcpy(p + 12, "GNU", 4);
	p += 20;
	Elf64_Nhdr xen = { 4, 4, 18 }; /* XEN_ELFNOTE_PHYS32_ENTRY */
	memcpy(p, &xen, sizeof(xen));
	memcpy(p + 12, "Xen", 4);
	memcpy(p + 16, &entry, 4);
	img.ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = offsetof(typeof(img), text),
				  .p_paddr = 0x100000, .p_filesz = 32, .p_memsz = 32 };
	img.ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = offsetof(typeof(img), notes),
				  .p_filesz = 40 };
	img.ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = offsetof(typeof(img), text),
				  .p_paddr = 0x101000, .p_filesz = 16, .p_memsz = 0x3000 };
	return sizeof(img);
}

static void test_kimage(void)
{
	struct handoff h;
	size_t size = make_image(0x100040);
	CHECK(kimage_parse((const uint8_t *)&img, size, &h) == NULL);
	CHECK_EQ(h.entry, 0x100040);
	CHECK_EQ(h.nseg, 2);
	CHECK_EQ(h.seg[0].dst, 0x100000);
	CHECK_EQ(h.seg[0].filesz, 32);
	CHECK_EQ(h.seg[1].dst, 0x101000);
	CHECK_EQ(h.seg[1].filesz, 16);
	CHECK_EQ(h.seg[1].memsz, 0x3000);

	make_image(0);
	CHECK(kimage_parse((const uint8_t *)&img, size, &h) != NULL); /* no entry note */
	make_image(0x100040);
	img.ph[2].p_paddr = 0xfffff000; /* crosses 4 GiB */
	CHECK(kimage_parse((const uint8_t *)&img, size, &h) != NULL);
	img.ph[2].p_paddr = 0xfffffffffffff000ull; /* wraps around to low memory */
	CHECK(kimage_parse((const uint8_t *)&img, size, &h) != NULL);
	img.ph[2].p_paddr = 0xffffd000; /* ends at 4 GiB exactly: fine */
	CHECK(kimage_parse((const uint8_t *)&img, size, &h) == NULL);
	make_image(0x100040);
	img.ph[0].p_filesz = 4096; /* beyond the image */
	CHECK(kimage_parse((const uint8_t *)&img, size, &h) != NULL);
	make_image(0x100040);
	img.eh.e_machine = EM_386;
	CHECK(kimage_parse((const uint8_t *)&img, size, &h) != NULL);
	CHECK(kimage_parse((const uint8_t *)&img, 10, &h) != NULL); /* truncated */
}

/* Descriptors from a hostile firmware: an end past 2^64 (the check once
 * looped forever on it), page counts that overflow a byte count, and
 * descriptor sizes that would overlap the descriptors or divide by zero. */
static void test_hostile_map(void)
{
	struct hvm_memmap_table_entry e[16];
	uint64_t bad;
	uint32_t type;
	map.size = 0;
	add(EfiConventionalMemory, 1 * MiB, 7 * MiB);
	add(EfiConventionalMemory, 8 * MiB, 0);
	((EFI_MEMORY_DESCRIPTOR *)(buf + DSZ))->NumberOfPages = 0xffffffffffffff00ull; /* wraps */
	CHECK(memmap_free_after_exit(&map, 1 * MiB, 64 * MiB, &bad, &type));
	CHECK(!memmap_free_after_exit(&map, 0, 64 * MiB, &bad, &type));
	CHECK_EQ(bad, 0);
	unsigned n = memmap_to_e820(&map, e, 16);
	CHECK_EQ(n, 1); /* merged, cut at the last page below 2^64 */
	CHECK_EQ(e[0].addr, 1 * MiB);
	CHECK_EQ(e[0].addr + e[0].size, 0xfffffffffffff000ull);
	/* a descriptor starting in the last page */
	map.size = 0;
	add(EfiConventionalMemory, 0xfffffffffffff000ull, 4096);
	CHECK_EQ(memmap_to_e820(&map, e, 16), 0);
	CHECK(!memmap_free_after_exit(&map, 0xffffffffffffe000ull, 0xfffffffffffff800ull, &bad, &type));

	ovmf_map();
	size_t sizes[] = { 0, 8, sizeof(EFI_MEMORY_DESCRIPTOR) - 8, 44, 1u << 20 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct efi_map m = { buf, map.size, sizes[i] };
		CHECK(!memmap_desc_size_ok(&m));
		CHECK_EQ(memmap_to_e820(&m, e, 16), 0);
		CHECK(!memmap_free_after_exit(&m, 1 * MiB, 2 * MiB, &bad, &type));
	}
	CHECK(memmap_desc_size_ok(&map));
}

/* A note whose descsz is near 2^32: rounded in 32 bits it became 0 and the
 * walk read the entry past the note. */
static void test_kimage_huge_note(void)
{
	struct handoff h;
	size_t size = make_image(0x100040);
	Elf64_Nhdr *gnu = (void *)img.notes;
	gnu->n_descsz = 0xfffffffd; /* +3 wraps to 0 in 32 bits */
	/* where a wrapped walk would land: an entry note inside the GNU note */
	Elf64_Nhdr xen = { 4, 4, 18 };
	uint32_t entry = 0x100040;
	memcpy(img.notes + 16, &xen, sizeof(xen));
	memcpy(img.notes + 28, "Xen", 4);
	memcpy(img.notes + 32, &entry, 4);
	CHECK(kimage_parse((const uint8_t *)&img, size, &h) != NULL); /* walk stops: no entry */
	gnu->n_namesz = 0xffffffff;
	gnu->n_descsz = 4;
	CHECK(kimage_parse((const uint8_t *)&img, size, &h) != NULL);
}

/* ELF files that are not Amphi's: the loader must say so (here: /bin/true of
 * the host, a 64-bit x86 ELF without a PVH entry note). */
static void test_kimage_foreign(void)
{
	static uint8_t file[4 << 20];
	FILE *f = fopen("/bin/true", "rb");
	if (!f)
		return;
	size_t n = fread(file, 1, sizeof(file), f);
	fclose(f);
	struct handoff h;
	const char *why = kimage_parse(file, n, &h);
	CHECK(why != NULL);
	memset(file, 0, 4096);
	CHECK(kimage_parse(file, 4096, &h) != NULL);
	CHECK(kimage_parse(file, 0, &h) != NULL);
}

int main(void)
{
	test_e820();
	test_free_after_exit();
	test_kimage();
	test_hostile_map();
	test_kimage_huge_note();
	test_kimage_foreign();
	return check_done();
}

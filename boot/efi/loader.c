/*
 * The UEFI entry: a GNU-EFI application that carries the unmodified
 * kernel+app ELF (kernel_blob.S) and boots it through the PVH entry, so that
 * kernel/ gets exactly what QEMU's -kernel gives it and has no UEFI case:
 *   1. the command line from LoadOptions, the ACPI RSDP from the
 *      configuration table, the framebuffer (reported only: PVH boot
 *      information has no place for one, and the kernel no use);
 *   2. the memory map, checked that the kernel's link-time range (1 MiB up)
 *      will be free, then ExitBootServices, retried with a fresh map while
 *      the map key is stale;
 *   3. an hvm_start_info from the final map; trampoline.S copies the
 *      segments into place and enters the PVH entry in 32-bit mode.
 * A root file system to unpack comes as a file named initrd.cpio beside the
 * .efi on the same volume (INITRD_NAME): loaded whole, it is the PVH boot's
 * one module, as QEMU's -initrd would give it.
 * Lines before ExitBootServices go to ConOut, which OVMF mirrors to the serial
 * port and writes synchronously; after it the kernel drives COM1 itself.
 */
#include <efi.h>
#include <efilib.h>

#include "arch/io.h"
#include "arch/x86/cpu.h"
#include "boot/pvh/hvm_start_info.h"
#include "handoff.h"
#include "kimage.h"
#include "memmap.h"
#include "platform/pc/qemu_ports.h"
#include "platform/platform.h"

extern const uint8_t kernel_image[] __attribute__((visibility("hidden")));
extern const uint8_t kernel_image_end[] __attribute__((visibility("hidden")));

#define BELOW_4G(x) ((uint64_t)(uintptr_t)(x) < (1ull << 32))
#define EXIT_TRIES 8

/* Everything handed over, in one allocation below 4 GiB. */
struct boot_block {
	struct handoff h;
	struct hvm_start_info si;
	struct hvm_modlist_entry initrd;
	char cmdline[BOOT_CMDLINE_MAX];
	struct hvm_memmap_table_entry mem[]; /* one per UEFI descriptor at most */
};

#define INITRD_NAME L"initrd.cpio"

static EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
static EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static EFI_GUID acpi10_guid = ACPI_TABLE_GUID;

/* A loader error: say why, then power off (a unikernel has nothing to
 * return to; the boot manager would only try the next boot option) with the
 * kernel's boot-error status, through the same exit device first. */
__attribute__((noreturn)) static void fail(const char *what, const char *why)
{
	Print(L"amphi: efi: cannot boot: %a: %a\n", what, why);
	outl(DEBUG_EXIT_PORT, EXIT_STATUS_BOOT);
	RT->ResetSystem(EfiResetShutdown, EFI_LOAD_ERROR, 0, NULL);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* LoadOptions (UCS-2) as the kernel's ASCII command line. (The UEFI shell
 * puts the program's path first: the kernel ignores that word, as it does any
 * word before "--" that is not an amphi. or env. option.) A line the kernel
 * could not take whole -- BOOT_CMDLINE_MAX bytes or more, or a character
 * outside printable ASCII -- is refused, never cut or rewritten. */
static void get_cmdline(const EFI_LOADED_IMAGE *li, char *out, size_t max)
{
	const CHAR16 *s = li->LoadOptions;
	size_t n = s ? li->LoadOptionsSize / sizeof(CHAR16) : 0, k = 0;
	for (size_t i = 0; i < n && s[i]; i++) {
		if (k + 1 == max)
			fail("the command line", "longer than 4095 bytes");
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			out[k++] = ' ';
		else if (s[i] >= 0x20 && s[i] < 0x7f)
			out[k++] = (char)s[i];
		else
			fail("the command line", "a character outside printable ASCII");
	}
	out[k] = 0;
}

/* Is the word opt (a kernel option) on the command line before "--"? */
static int has_option(const char *cl, const char *opt)
{
	while (*cl) {
		while (*cl == ' ')
			cl++;
		const char *w = cl;
		while (*cl && *cl != ' ')
			cl++;
		size_t len = (size_t)(cl - w), i = 0;
		if (len == 2 && w[0] == '-' && w[1] == '-')
			return 0;
		while (i < len && opt[i] == w[i])
			i++;
		if (len && i == len && !opt[i])
			return 1;
	}
	return 0;
}

static uint64_t find_rsdp(void)
{
	uint64_t v1 = 0;
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];
		if (!CompareGuid(&t->VendorGuid, &acpi20_guid))
			return (uintptr_t)t->VendorTable;
		if (!CompareGuid(&t->VendorGuid, &acpi10_guid))
			v1 = (uintptr_t)t->VendorTable;
	}
	return v1;
}

static void report_framebuffer(void)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	if (BS->LocateProtocol(&gop_guid, NULL, (void **)&gop) != EFI_SUCCESS || !gop->Mode ||
	    !gop->Mode->Info) {
		Print(L"amphi: efi: no framebuffer\n");
		return;
	}
	Print(L"amphi: efi: framebuffer %lx, %ux%u, %u pixels per line (not used by the kernel)\n",
	      gop->Mode->FrameBufferBase, gop->Mode->Info->HorizontalResolution,
	      gop->Mode->Info->VerticalResolution, gop->Mode->Info->PixelsPerScanLine);
}

/* Time from reset to the loader and in it: under QEMU the TSC starts at 0. */
static void report_times(uint64_t entry_tsc)
{
	uint64_t now = rdtsc();
	BS->Stall(10000);
	uint64_t hz = (rdtsc() - now) * 100;
	if (hz < 1000000)
		return; /* no usable TSC */
	Print(L"amphi: efi: bootstats: reset to loader %lu us, loader %lu us (TSC %lu MHz)\n",
	      entry_tsc / (hz / 1000000), (now - entry_tsc) / (hz / 1000000), hz / 1000000);
}

/* INITRD_NAME in the loader's own directory, read into pages of its own:
 * its size (0: there is none). */
static UINT64 load_initrd(const EFI_LOADED_IMAGE *li, EFI_PHYSICAL_ADDRESS *at, int verbose)
{
	CHAR16 *self = DevicePathToStr(li->FilePath);
	EFI_FILE_HANDLE root = LibOpenRoot(li->DeviceHandle), f;
	if (!self || !root)
		return 0;
	UINTN dir = 0;
	for (UINTN i = 0; self[i]; i++)
		if (self[i] == L'\\' || self[i] == L'/')
			dir = i + 1;
	CHAR16 *path = AllocatePool((dir + sizeof(INITRD_NAME)) * sizeof(CHAR16));
	if (!path)
		fail("memory", "out of memory for a path");
	CopyMem(path, self, dir * sizeof(CHAR16));
	CopyMem(path + dir, INITRD_NAME, sizeof(INITRD_NAME));
	if (root->Open(root, &f, path, EFI_FILE_MODE_READ, 0) != EFI_SUCCESS)
		return 0;
	EFI_FILE_INFO *info = LibFileInfo(f);
	if (!info)
		fail("initrd.cpio", "no file information");
	UINT64 size = info->FileSize;
	UINTN len = size;
	*at = 0;
	if (size && BS->AllocatePages(AllocateAnyPages, EfiLoaderData, (size + 4095) / 4096, at) != EFI_SUCCESS)
		fail("initrd.cpio", "out of memory");
	if (size && (f->Read(f, &len, (void *)(uintptr_t)*at) != EFI_SUCCESS || len != size))
		fail("initrd.cpio", "cannot read it");
	f->Close(f);
	if (verbose)
		Print(L"amphi: efi: %s: %ld bytes at %lx\n", path, size, *at);
	return size;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	uint64_t entry_tsc = rdtsc();
	InitializeLib(image, systab);

	struct handoff h;
	const char *why = kimage_parse(kernel_image, (size_t)(kernel_image_end - kernel_image), &h);
	if (why)
		fail("the embedded kernel image", why);
	if (!BELOW_4G(kernel_image_end) || !BELOW_4G(efi_enter_kernel_end))
		fail("the loader", "the firmware placed it above 4 GiB");

	EFI_LOADED_IMAGE *li;
	if (BS->HandleProtocol(image, &loaded_image_guid, (void **)&li) != EFI_SUCCESS)
		fail("LoadedImage", "protocol missing");
	char cl[BOOT_CMDLINE_MAX];
	get_cmdline(li, cl, sizeof(cl));
	EFI_PHYSICAL_ADDRESS initrd_at;
	UINT64 initrd_size = load_initrd(li, &initrd_at, has_option(cl, "amphi.verbose"));

	/* The map's size now, with room for the allocations below. */
	struct efi_map m = { 0 };
	UINTN key, bytes = 0;
	UINT32 version;
	if (BS->GetMemoryMap(&bytes, NULL, &key, &m.desc_size, &version) != EFI_BUFFER_TOO_SMALL)
		fail("GetMemoryMap", "no size");
	if (!memmap_desc_size_ok(&m))
		fail("GetMemoryMap", "a descriptor size out of range");
	bytes += 16 * m.desc_size;
	unsigned cap = (unsigned)(bytes / m.desc_size);
	EFI_PHYSICAL_ADDRESS blk = 0xffffffff;
	UINTN blk_pages = (sizeof(struct boot_block) + cap * sizeof(struct hvm_memmap_table_entry) + 4095) / 4096;
	if (BS->AllocatePool(EfiLoaderData, bytes, &m.buf) != EFI_SUCCESS ||
	    BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, blk_pages, &blk) != EFI_SUCCESS)
		fail("memory", "out of memory below 4 GiB");
	struct boot_block *b = (void *)(uintptr_t)blk;
	b->h = h;

	CopyMem(b->cmdline, cl, sizeof(cl));
	uint64_t rsdp = find_rsdp();
	if (has_option(b->cmdline, "amphi.verbose")) {
		Print(L"amphi: efi: command line '%a'\n", b->cmdline);
		Print(L"amphi: efi: ACPI RSDP %lx\n", rsdp);
		report_framebuffer();
		for (unsigned i = 0; i < h.nseg; i++)
			Print(L"amphi: efi: kernel segment %x-%x\n", h.seg[i].dst,
			      h.seg[i].dst + h.seg[i].memsz);
	}
	if (has_option(b->cmdline, "amphi.bootstats"))
		report_times(entry_tsc);

	/* The last line through the firmware: printing between GetMemoryMap and
	 * ExitBootServices could change the map and make its key stale. */
	if (has_option(b->cmdline, "amphi.verbose"))
		Print(L"amphi: efi: exiting boot services\n");

	/* Fetch the map, check it, exit boot services; a stale key (the map
	 * changed since we read it) means: read it again. */
	for (int tries = 0;; tries++) {
		m.size = bytes;
		if (BS->GetMemoryMap(&m.size, m.buf, &key, &m.desc_size, &version) != EFI_SUCCESS)
			fail("GetMemoryMap", "failed");
		if (!memmap_desc_size_ok(&m) || m.size / m.desc_size > cap)
			fail("GetMemoryMap", "a descriptor size out of range");
		for (unsigned i = 0; i < h.nseg; i++) {
			uint64_t bad;
			uint32_t type;
			if (!memmap_free_after_exit(&m, h.seg[i].dst, h.seg[i].dst + h.seg[i].memsz, &bad,
						    &type)) {
				Print(L"amphi: efi: the kernel's address %lx is not free memory (UEFI type %d)\n",
				      bad, type);
				fail("the kernel image", "its link address is taken");
			}
		}
		EFI_STATUS st = BS->ExitBootServices(image, key);
		if (st == EFI_SUCCESS)
			break;
		if (st != EFI_INVALID_PARAMETER || tries == EXIT_TRIES)
			fail("ExitBootServices", "failed");
	}

	b->si = (struct hvm_start_info){
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.version = 1,
		.cmdline_paddr = (uintptr_t)b->cmdline,
		.rsdp_paddr = rsdp,
		.memmap_paddr = (uintptr_t)b->mem,
		.memmap_entries = memmap_to_e820(&m, b->mem, cap),
	};
	if (initrd_size) {
		b->initrd = (struct hvm_modlist_entry){ .paddr = initrd_at, .size = initrd_size };
		b->si.modlist_paddr = (uintptr_t)&b->initrd;
		b->si.nr_modules = 1;
	}
	b->h.start_info = (uint32_t)(uintptr_t)&b->si;
	efi_enter_kernel(&b->h);
}

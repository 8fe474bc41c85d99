/*
 * The PVH boot protocol's hand-over block: what QEMU's -kernel and Xen give
 * the PVH entry in %ebx, and what the UEFI loader (platform/efi/) builds so
 * that it can enter the kernel the same way. Layout fixed by Xen's public
 * arch-x86/hvm/start_info.h (version 1).
 */
#ifndef AMPHI_HVM_START_INFO_H
#define AMPHI_HVM_START_INFO_H

/* ELF note (owner "Xen") holding the 32-bit physical entry point. */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

#ifndef __ASSEMBLER__
#include <stdint.h>

#define HVM_START_MAGIC 0x336ec578
struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr; /* version >= 1 */
	uint32_t memmap_entries, reserved;
};
struct hvm_modlist_entry {
	uint64_t paddr, size, cmdline_paddr, reserved;
};
/* type: the E820 numbering, which enum mem_type follows. */
struct hvm_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};
#endif

#endif

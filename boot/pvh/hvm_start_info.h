/*
 * The PVH boot protocol's hand-over block: what QEMU's -kernel and Xen give
 * the PVH entry in %ebx, and what the UEFI loader (boot/efi/) builds so
 * that it can enter the kernel the same way. The layout is Xen's, from its
 * public headers (Debian's libxen-dev); assembly gets only the note number.
 */
#ifndef AMPHI_HVM_START_INFO_H
#define AMPHI_HVM_START_INFO_H

#include <xen/elfnote.h> /* XEN_ELFNOTE_PHYS32_ENTRY: the 32-bit entry point */

#ifndef __ASSEMBLER__
#include <stdint.h> /* Xen's header uses the fixed-width types without including it */
#include <xen/arch-x86/hvm/start_info.h>
#endif

#endif

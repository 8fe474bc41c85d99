/* The Xen PV start_info turned into a struct boot_info: pure, so the PV
 * entry and the fuzz harness (tests/fuzz/bootinfo.c) run the same code. */
#ifndef AMPHI_XEN_PV_INFO_H
#define AMPHI_XEN_PV_INFO_H

#include <stdint.h>

#include "platform/platform.h"
#include "platform/xen/xenabi.h"

/* Fill bi's command line and memory map: RAM is 0..nr_pages; Xen's boot area
 * (P2M list, start info, console and xenstore pages, boot page tables, boot
 * stack) follows the image (which ends at image_end) and stays
 * ours-but-reserved: the boot tables remain pinned. A command line without
 * its NUL in Xen's 1,024 bytes, or a boot area that makes no sense, sets
 * bi->error. */
void xen_pv_bootinfo(struct boot_info *bi, const start_info_t *si, uint64_t image_end);

#endif

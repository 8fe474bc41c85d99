/* start_info -> struct boot_info (pv_info.h). */
#include "pv_info.h"

#include "boot/bootinfo.h"
#include "kernel/pmem.h"

void xen_pv_bootinfo(struct boot_info *bi, const start_info_t *si, uint64_t image_end)
{
	bootinfo_set_cmdline(bi, (const char *)si->cmd_line, sizeof(si->cmd_line));
	image_end = PAGE_ROUND_UP(image_end);
	uint64_t ram_end = (uint64_t)si->nr_pages * PAGE_SIZE;
	if (si->nr_pt_frames > ram_end / PAGE_SIZE || si->pt_base > UINT64_MAX - ram_end) {
		if (!bi->error)
			bi->error = "Xen's start info: boot page tables outside the domain's memory";
		return;
	}
	uint64_t boot_end = PAGE_ROUND_UP(si->pt_base + (si->nr_pt_frames + 1) * PAGE_SIZE);
	if (boot_end < image_end) {
		if (!bi->error)
			bi->error = "Xen's start info: boot area below the image's end";
		return;
	}
	bootinfo_add_mem(bi, 0, image_end, MEM_RAM);
	bootinfo_add_mem(bi, image_end, boot_end - image_end, MEM_RESERVED);
	if (ram_end > boot_end)
		bootinfo_add_mem(bi, boot_end, ram_end - boot_end, MEM_RAM);
	if (!bi->error)
		bootinfo_normalize(bi);
}

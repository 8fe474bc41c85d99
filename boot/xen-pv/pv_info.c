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
	/* The ramdisk (xl's ramdisk=) lies in the boot area, at a virtual address
	 * that is its pseudo-physical one (VIRT_BASE 0), or given as a frame
	 * number (SIF_MOD_START_PFN). Its pages are RAM (the kernel maps and
	 * reserves a module like any other); the rest of the area is not. */
	uint64_t mod = 0, mod_end = image_end;
	if (si->mod_len) {
		mod = si->flags & SIF_MOD_START_PFN ? si->mod_start * PAGE_SIZE : si->mod_start;
		if (mod % PAGE_SIZE || mod < image_end || mod > boot_end || si->mod_len > boot_end - mod) {
			if (!bi->error)
				bi->error = "Xen's start info: the ramdisk lies outside the boot area";
			return;
		}
		bi->mod[bi->nmod++] = (struct boot_module){ mod, si->mod_len };
		mod_end = PAGE_ROUND_UP(mod + si->mod_len);
	}
	bootinfo_add_mem(bi, 0, image_end, MEM_RAM);
	if (si->mod_len) {
		bootinfo_add_mem(bi, image_end, mod - image_end, MEM_RESERVED);
		bootinfo_add_mem(bi, mod, mod_end - mod, MEM_RAM);
	}
	bootinfo_add_mem(bi, mod_end, boot_end - mod_end, MEM_RESERVED);
	if (ram_end > boot_end)
		bootinfo_add_mem(bi, boot_end, ram_end - boot_end, MEM_RAM);
	if (!bi->error)
		bootinfo_normalize(bi);
}

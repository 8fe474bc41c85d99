#include "pvh_info.h"

#include "bootinfo.h"

static void fail(struct boot_info *bi, const char *why)
{
	if (!bi->error)
		bi->error = why;
}

void pvh_boot_info(struct boot_info *bi, const struct hvm_start_info *si,
		   const void *(*phys)(uint64_t pa, uint64_t len))
{
	bi->rsdp_paddr = si->rsdp_paddr;

	if (si->cmdline_paddr) {
		/* Readable up to BOOT_CMDLINE_MAX bytes, or up to the end of memory. */
		size_t avail = 0;
		while (avail < BOOT_CMDLINE_MAX && phys(si->cmdline_paddr + avail, 1))
			avail++;
		if (!avail)
			fail(bi, "the command line lies outside memory");
		else
			bootinfo_set_cmdline(bi, phys(si->cmdline_paddr, avail), avail);
	}

	if (si->nr_modules > BOOT_MOD_MAX) {
		fail(bi, "the module list has more entries than the kernel takes (8)");
	} else if (si->nr_modules) {
		const struct hvm_modlist_entry *mods =
			phys(si->modlist_paddr, si->nr_modules * sizeof(*mods));
		if (!si->modlist_paddr || !mods) {
			fail(bi, "the module list lies outside memory");
		} else {
			for (uint32_t i = 0; i < si->nr_modules; i++) {
				/* Read once: the loader's memory is not ours to trust twice. */
				struct hvm_modlist_entry m = mods[i];
				if (m.size > UINT64_MAX - m.paddr) {
					fail(bi, "a module reaches past the end of the address space");
					break;
				}
				bi->mod[bi->nmod++] = (struct boot_module){ m.paddr, m.size };
			}
		}
	}

	if (si->version >= 1 && si->memmap_entries) {
		const struct hvm_memmap_table_entry *mm =
			si->memmap_entries <= BOOT_MEM_MAX
				? phys(si->memmap_paddr, si->memmap_entries * sizeof(*mm))
				: NULL;
		if (si->memmap_entries > BOOT_MEM_MAX)
			fail(bi, "the memory map has more entries than the kernel takes (64)");
		else if (!si->memmap_paddr || !mm)
			fail(bi, "the memory map lies outside memory");
		else
			for (uint32_t i = 0; i < si->memmap_entries; i++) {
				struct hvm_memmap_table_entry e = mm[i];
				if (bootinfo_add_mem(bi, e.addr, e.size, e.type) < 0)
					break;
			}
	}
}

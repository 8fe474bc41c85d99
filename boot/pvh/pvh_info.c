/* hvm_start_info -> struct boot_info (pvh_info.h). */
#include "pvh_info.h"

#include <string.h>

#include "boot/bootinfo.h"

static void fail(struct boot_info *bi, const char *why)
{
	if (!bi->error)
		bi->error = why;
}

void pvh_bootinfo(struct boot_info *bi, const struct hvm_start_info *si, pvh_phys_fn phys)
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
		const uint8_t *mods =
			phys(si->modlist_paddr, si->nr_modules * sizeof(struct hvm_modlist_entry));
		if (!si->modlist_paddr || !mods) {
			fail(bi, "the module list lies outside memory");
		} else {
			for (uint32_t i = 0; i < si->nr_modules; i++) {
				/* Copied out once: the loader owes us no alignment. */
				struct hvm_modlist_entry m;
				memcpy(&m, mods + i * sizeof(m), sizeof(m));
				if (m.size > UINT64_MAX - m.paddr) {
					fail(bi, "a module reaches past the end of the address space");
					break;
				}
				bi->mod[bi->nmod++] = (struct boot_module){ m.paddr, m.size };
			}
		}
	}

	if (si->version >= 1 && si->memmap_entries) {
		const uint8_t *mm =
			si->memmap_entries <= BOOT_MEM_MAX
				? phys(si->memmap_paddr,
				       si->memmap_entries * sizeof(struct hvm_memmap_table_entry))
				: NULL;
		if (si->memmap_entries > BOOT_MEM_MAX)
			fail(bi, "the memory map has more entries than the kernel takes (64)");
		else if (!si->memmap_paddr || !mm)
			fail(bi, "the memory map lies outside memory");
		else
			for (uint32_t i = 0; i < si->memmap_entries; i++) {
				struct hvm_memmap_table_entry e;
				memcpy(&e, mm + i * sizeof(e), sizeof(e));
				if (bootinfo_add_mem(bi, e.addr, e.size, e.type) < 0)
					break;
			}
	}
	if (!bi->error)
		bootinfo_normalize(bi);
}

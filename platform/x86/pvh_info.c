/* hvm_start_info -> struct boot_info (pvh_info.h). */
#include "pvh_info.h"

#include <string.h>

#include "bootinfo.h"

void pvh_boot_info(struct boot_info *bi, const struct hvm_start_info *si,
		   const void *(*phys)(uint64_t pa, uint64_t len))
{
	bi->rsdp_paddr = si->rsdp_paddr;
	const char *cmdline = si->cmdline_paddr ? phys(si->cmdline_paddr, 1) : NULL;
	if (cmdline)
		strncpy(bi->cmdline, cmdline, sizeof(bi->cmdline) - 1);
	uint32_t nmod = si->nr_modules < BOOT_MOD_MAX ? si->nr_modules : BOOT_MOD_MAX;
	/* Entries are copied out: the loader owes us no alignment. */
	const uint8_t *mods = phys(si->modlist_paddr, nmod * sizeof(struct hvm_modlist_entry));
	for (uint32_t i = 0; mods && i < nmod; i++) {
		struct hvm_modlist_entry e;
		memcpy(&e, mods + i * sizeof(e), sizeof(e));
		bi->mod[bi->nmod++] = (struct boot_module){ e.paddr, e.size };
	}
	if (si->version >= 1) {
		const uint8_t *mm =
		    phys(si->memmap_paddr, (uint64_t)si->memmap_entries * sizeof(struct hvm_memmap_table_entry));
		/* A full map ends the walk: the rest could not be kept anyway. */
		for (uint32_t i = 0; mm && i < si->memmap_entries; i++) {
			struct hvm_memmap_table_entry e;
			memcpy(&e, mm + i * sizeof(e), sizeof(e));
			if (bootinfo_add_mem(bi, e.addr, e.size, e.type) < 0)
				break;
		}
	}
}

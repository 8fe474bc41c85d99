/* Xen PV: what pv.c and pv_pagetable.c share. */
#ifndef AMPHI_XEN_PV_H
#define AMPHI_XEN_PV_H

#include <stddef.h>
#include <stdint.h>

#include "xen_internal.h"

/* pv_pagetable.c: the pt_* operations through mmu_update. p2m: the
 * pseudo-physical to machine frame list Xen gave us (nr_pfns entries). */
void pv_pt_setup(const xen_pfn_t *p2m, unsigned long nr_pfns);
int pv_pt_init(void);
int pv_pt_map(uintptr_t va, uint64_t pa, size_t len, unsigned flags);
int pv_pt_unmap(uintptr_t va, size_t len);
int pv_pt_protect(uintptr_t va, size_t len, unsigned flags);
int pv_pt_lookup(uintptr_t va, uint64_t *pa);
/* Map a machine frame that is not ours (shared info) into the new tables. */
int pv_pt_map_mfn(uintptr_t va, uint64_t mfn, unsigned flags);
/* Pin the new tables, switch to them, unpin Xen's boot tables; 0 or -errno. */
int pv_pt_switch(uint64_t boot_root_pfn);

/* Machine frame of a pseudo-physical one and back (Xen's read-only M2P). */
uint64_t pv_pfn_to_mfn(uint64_t pfn);
static inline uint64_t pv_mfn_to_pfn(uint64_t mfn) { return machine_to_phys_mapping[mfn]; }

#endif

/* Native page tables: the pt_* operations of struct platform for guests that
 * own their page tables (KVM, Xen PVH). */
#ifndef AMPHI_X86_PAGETABLE_H
#define AMPHI_X86_PAGETABLE_H

#include <stddef.h>
#include <stdint.h>

#include "platform/platform.h"

/* x86-64 page-table entry bits (also what Xen PV's mmu_update writes). */
#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_U (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

/* A leaf's bits for the platform interface's PT_* flags. */
static inline uint64_t pte_leaf_bits(unsigned flags)
{
	uint64_t bits = PTE_P;
	if (flags & PT_WRITE)
		bits |= PTE_W;
	if (!(flags & PT_EXEC))
		bits |= PTE_NX;
	if (flags & PT_DEVICE)
		bits |= PTE_PCD | PTE_PWT;
	return bits;
}

/* Can [va, va+len) be mapped to [pa, pa+len)? The virtual range must be
 * canonical as a whole (both ends in the same half, no wrap: the hardware
 * faults on anything else, and the page walk would alias it to another
 * address), the physical range within the 52 address bits a PTE holds. */
static inline int pt_range_ok(uintptr_t va, uint64_t pa, size_t len)
{
	if (!len)
		return 1;
	uint64_t last = (uint64_t)va + len - 1;
	int64_t lo = (int64_t)((uint64_t)va << 16) >> 16, hi = (int64_t)(last << 16) >> 16;
	return len - 1 <= UINT64_MAX - va && (uint64_t)lo == va && (uint64_t)hi == last &&
	       (va >> 63) == (last >> 63) && pa < (1ull << 52) && len <= (1ull << 52) - pa;
}

int x86_pt_init(void);
int x86_pt_map(uintptr_t va, uint64_t pa, size_t len, unsigned flags);
int x86_pt_unmap(uintptr_t va, size_t len);
int x86_pt_protect(uintptr_t va, size_t len, unsigned flags);
int x86_pt_lookup(uintptr_t va, uint64_t *pa);
void x86_pt_activate(void);

#endif

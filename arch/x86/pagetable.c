/*
 * Native x86-64 4-level page tables with 4 KiB pages, written by the kernel
 * itself (KVM and Xen PVH). Table pages come from the physical allocator and
 * are reached through the identity map, so the same code works before and
 * after the switch from the boot tables.
 */
#include "pagetable.h"

#include <errno.h>
#include <string.h>

#include "cpu.h"
#include "kernel/mm.h"

static uint64_t root; /* physical address of the PML4 */
static int active;

static uint64_t *table(uint64_t pa) { return phys_to_virt(pa & PTE_ADDR); }

/* The leaf entry for va, creating intermediate tables when create is set. */
static uint64_t *walk(uintptr_t va, int create)
{
	uint64_t *t = table(root);
	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t *e = &t[(va >> shift) & 511];
		if (!(*e & PTE_P)) {
			if (!create)
				return NULL;
			uint64_t pa = pmem_alloc();
			if (!pa)
				return NULL;
			memset(table(pa), 0, PAGE_SIZE);
			/* Upper levels allow everything; the leaf decides. */
			*e = pa | PTE_P | PTE_W;
		}
		t = table(*e);
	}
	return &t[(va >> 12) & 511];
}

static void flush(uintptr_t va)
{
	if (active)
		invlpg(va);
}

int x86_pt_init(void)
{
	root = pmem_alloc();
	if (!root)
		return -ENOMEM;
	memset(table(root), 0, PAGE_SIZE);
	active = 0;
	return 0;
}

int x86_pt_unmap(uintptr_t va, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(va + off, 0);
		if (e && (*e & PTE_P)) {
			*e = 0;
			flush(va + off);
		}
	}
	return 0;
}

int x86_pt_map(uintptr_t va, uint64_t pa, size_t len, unsigned flags)
{
	if (((va | pa | len) & (PAGE_SIZE - 1)) || !pt_range_ok(va, pa, len))
		return -EINVAL;
	uint64_t bits = pte_leaf_bits(flags);
	uint64_t *e = NULL;
	for (size_t off = 0; off < len; off += PAGE_SIZE, e++) {
		/* Walk from the root only when crossing into another leaf table. */
		if (!e || (((va + off) >> 12) & 511) == 0) {
			e = walk(va + off, 1);
			if (!e) {
				x86_pt_unmap(va, off);
				return -ENOMEM;
			}
		}
		*e = (pa + off) | bits;
		flush(va + off);
	}
	return 0;
}

int x86_pt_protect(uintptr_t va, size_t len, unsigned flags)
{
	uint64_t bits = pte_leaf_bits(flags);
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(va + off, 0);
		if (!e || !(*e & PTE_P))
			return -EFAULT;
		*e = (*e & PTE_ADDR) | bits;
		flush(va + off);
	}
	return 0;
}

int x86_pt_lookup(uintptr_t va, uint64_t *pa)
{
	/* Non-canonical addresses are never mapped. */
	if ((uint64_t)((int64_t)((uint64_t)va << 16) >> 16) != va)
		return 0;
	uint64_t *e = walk(va, 0);
	if (!e || !(*e & PTE_P))
		return 0;
	if (pa)
		*pa = *e & PTE_ADDR;
	return 1;
}

void x86_pt_activate(void)
{
	write_cr3(root);
	active = 1;
}

/* Native page tables: the pt_* operations of struct platform for guests that
 * own their page tables (KVM, Xen PVH). */
#ifndef AMPHI_X86_PAGETABLE_H
#define AMPHI_X86_PAGETABLE_H

#include <stddef.h>
#include <stdint.h>

int x86_pt_init(void);
int x86_pt_map(uintptr_t va, uint64_t pa, size_t len, unsigned flags);
int x86_pt_unmap(uintptr_t va, size_t len);
int x86_pt_protect(uintptr_t va, size_t len, unsigned flags);
int x86_pt_lookup(uintptr_t va, uint64_t *pa);
void x86_pt_activate(void);

#endif

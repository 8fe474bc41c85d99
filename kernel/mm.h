/*
 * The kernel's address space, built through the platform's page-table calls:
 *   page 0                 unmapped, so NULL dereferences fault
 *   RAM                    identity-mapped read/write, never executable
 *   the image              identity: text RX, rodata R, data/bss RW (W^X)
 *   MMIO / firmware tables identity, uncached, mapped on demand (mm_map_phys)
 *   STACK_BASE..           stacks, each with an unmapped guard page below it
 *   HEAP_BASE..            the C heap, grown and shrunk by mm_sbrk
 */
#ifndef AMPHI_MM_H
#define AMPHI_MM_H

#include <stddef.h>
#include <stdint.h>

#include "platform/platform.h"
#include "pmem.h"

#define STACK_BASE 0x0000100000000000ull /* 16 TiB */
#define STACK_LIMIT 0x0000200000000000ull
#define HEAP_BASE 0x0000200000000000ull  /* 32 TiB */
#define HEAP_LIMIT 0x0000300000000000ull

/* Set up the page allocator from bi's memory map and switch to the kernel's
 * own page tables. Returns 0, or a negative errno (message already printed). */
int mm_init(const struct boot_info *bi);

/* A stack of at least size bytes; returns its top, or NULL when out of memory. */
void *mm_stack_alloc(size_t size);
void mm_stack_free(void *top, size_t size);
/* Is va in the guard page just below a live stack? */
int mm_is_stack_guard(uintptr_t va);
int mm_is_mapped(uintptr_t va);

/* sbrk for the C heap: old break, or (void *)-1 when memory runs out. */
void *mm_sbrk(intptr_t increment);

/* Map device or firmware memory (uncached, no execute); NULL on failure. */
void *mm_map_phys(uint64_t paddr, uint64_t len);

/* The direct map: RAM is identity-mapped. */
static inline void *phys_to_virt(uint64_t pa) { return (void *)(uintptr_t)pa; }

#endif

/*
 * The kernel's address space, built through the platform's page-table calls:
 *   page 0                 unmapped, so NULL dereferences fault
 *   RAM                    identity-mapped read/write, never executable
 *   the image              identity: text RX, rodata R, data/bss RW (W^X)
 *   MMIO / firmware tables identity, uncached, mapped on demand (mm_map_phys)
 *   STACK_BASE..           stacks, each with an unmapped guard page below it
 *   HEAP_BASE..            the C heap, grown and shrunk by mm_sbrk
 *   MMAP_BASE..            anonymous mappings (mmap), first fit
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
#define MMAP_BASE 0x0000300000000000ull  /* 48 TiB */
#define MMAP_LIMIT 0x0000400000000000ull

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

/* Anonymous memory for mmap: size bytes (rounded up to pages) of zeroed
 * pages mapped with flags (PT_*), or only reserved when flags is 0
 * (PROT_NONE), at the lowest free address of the mmap area, or exactly at
 * addr when fixed (replacing what was there). NULL when memory or address
 * space runs out. */
void *mm_map_anon(uintptr_t addr, size_t size, unsigned flags, int fixed);
/* Unmap and free [addr, addr+size): 0, or -EINVAL outside the mmap area. */
int mm_unmap_anon(uintptr_t addr, size_t size);
/* Change the protection of [addr, addr+size): pages made PROT_NONE (flags
 * 0) are freed and read as zeros when made accessible again. -ENOMEM if
 * part of the range is not mapped. */
int mm_protect_anon(uintptr_t addr, size_t size, unsigned flags);
/* Zero the pages of [addr, addr+size) (madvise MADV_DONTNEED). */
int mm_zero_anon(uintptr_t addr, size_t size);

/* Map device or firmware memory (uncached, no execute); NULL on failure. */
void *mm_map_phys(uint64_t paddr, uint64_t len);

/* One zeroed page of RAM through the direct map, or NULL when memory is
 * full; page_free gives it back. */
void *page_alloc(void);
void page_free(void *page);

/* The direct map: RAM is identity-mapped. */
static inline void *phys_to_virt(uint64_t pa) { return (void *)(uintptr_t)pa; }

#endif

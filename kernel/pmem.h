/* Physical page allocator: a bitmap over every page up to the highest RAM
 * address, fed from the boot memory map. Page 0 is never handed out, so 0
 * means "no memory". */
#ifndef AMPHI_PMEM_H
#define AMPHI_PMEM_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096ull
#define PAGE_ROUND_UP(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ROUND_DOWN(x) ((x) & ~(PAGE_SIZE - 1))

/* Bytes of bitmap needed to track memory up to top (exclusive). */
size_t pmem_bitmap_size(uint64_t top);
/* Start with every page in use; bitmap must hold pmem_bitmap_size(top). */
void pmem_init(void *bitmap, uint64_t top);
/* Make the whole pages inside [base, base+len) available. */
void pmem_add(uint64_t base, uint64_t len);
/* Take back every page touching [base, base+len) (image, modules, bitmap...),
 * free or allocated: it can no longer be allocated or freed. */
void pmem_reserve(uint64_t base, uint64_t len);

uint64_t pmem_alloc(void);          /* a free page's address, or 0 */
int pmem_free(uint64_t pa);         /* 0, or -1 if pa was not allocated */
uint64_t pmem_free_pages(void);
uint64_t pmem_total_pages(void);    /* pages ever added minus reserved */
uint64_t pmem_low_free_pages(void); /* the fewest free pages since boot: the high-water mark */

#endif

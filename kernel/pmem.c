#include "pmem.h"

#include <string.h>

static uint64_t *bitmap;  /* bit set = page in use */
static uint64_t npages;   /* pages tracked */
static uint64_t nfree, ntotal;
static uint64_t cursor;   /* word to start the next search at */

size_t pmem_bitmap_size(uint64_t top)
{
	uint64_t pages = PAGE_ROUND_UP(top) / PAGE_SIZE;
	return (size_t)((pages + 63) / 64 * 8);
}

void pmem_init(void *bm, uint64_t top)
{
	bitmap = bm;
	npages = PAGE_ROUND_UP(top) / PAGE_SIZE;
	memset(bitmap, 0xff, pmem_bitmap_size(top));
	nfree = ntotal = cursor = 0;
}

static int in_use(uint64_t pfn) { return (bitmap[pfn / 64] >> (pfn % 64)) & 1; }
static void set_used(uint64_t pfn) { bitmap[pfn / 64] |= 1ull << (pfn % 64); }
static void set_free(uint64_t pfn) { bitmap[pfn / 64] &= ~(1ull << (pfn % 64)); }

void pmem_add(uint64_t base, uint64_t len)
{
	uint64_t first = PAGE_ROUND_UP(base) / PAGE_SIZE;
	uint64_t end = PAGE_ROUND_DOWN(base + len) / PAGE_SIZE;
	if (first == 0)
		first = 1; /* page 0 stays out: 0 is the failure value */
	for (uint64_t pfn = first; pfn < end && pfn < npages; pfn++) {
		if (in_use(pfn)) {
			set_free(pfn);
			nfree++;
			ntotal++;
		}
	}
	cursor = 0;
}

void pmem_reserve(uint64_t base, uint64_t len)
{
	if (!len)
		return;
	uint64_t first = PAGE_ROUND_DOWN(base) / PAGE_SIZE;
	uint64_t end = PAGE_ROUND_UP(base + len) / PAGE_SIZE;
	for (uint64_t pfn = first; pfn < end && pfn < npages; pfn++) {
		if (!in_use(pfn)) {
			set_used(pfn);
			nfree--;
			ntotal--;
		}
	}
}

uint64_t pmem_alloc(void)
{
	uint64_t words = (npages + 63) / 64;
	for (uint64_t n = 0; n < words; n++) {
		uint64_t w = (cursor + n) % words;
		if (bitmap[w] == ~0ull)
			continue;
		uint64_t pfn = w * 64 + (uint64_t)__builtin_ctzll(~bitmap[w]);
		if (pfn >= npages)
			continue;
		set_used(pfn);
		nfree--;
		cursor = w;
		return pfn * PAGE_SIZE;
	}
	return 0;
}

int pmem_free(uint64_t pa)
{
	uint64_t pfn = pa / PAGE_SIZE;
	if ((pa % PAGE_SIZE) || pfn == 0 || pfn >= npages || !in_use(pfn))
		return -1;
	set_free(pfn);
	nfree++;
	if (pfn / 64 < cursor)
		cursor = pfn / 64;
	return 0;
}

uint64_t pmem_free_pages(void) { return nfree; }
uint64_t pmem_total_pages(void) { return ntotal; }

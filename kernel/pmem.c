#include "pmem.h"

#include <string.h>

/* Two bitmaps over every page: "usable" (RAM that was added and not reserved)
 * and "used" (not free). A page can be freed only if it is usable and used,
 * so freeing a reserved or never-added page is caught. */
static uint64_t *usable, *used;
static uint64_t npages, nwords;
static uint64_t nfree, ntotal;
static uint64_t cursor; /* word to start the next search at */
static uint64_t low_free = UINT64_MAX; /* the fewest free pages there ever were */

static uint64_t words_for(uint64_t top) { return (PAGE_ROUND_UP(top) / PAGE_SIZE + 63) / 64; }

size_t pmem_bitmap_size(uint64_t top) { return (size_t)(2 * words_for(top) * 8); }

void pmem_init(void *bm, uint64_t top)
{
	npages = PAGE_ROUND_UP(top) / PAGE_SIZE;
	nwords = words_for(top);
	usable = bm;
	used = usable + nwords;
	memset(usable, 0, nwords * 8);
	memset(used, 0xff, nwords * 8);
	nfree = ntotal = cursor = 0;
}

static int test(const uint64_t *map, uint64_t pfn) { return (map[pfn / 64] >> (pfn % 64)) & 1; }
static void set(uint64_t *map, uint64_t pfn) { map[pfn / 64] |= 1ull << (pfn % 64); }
static void clear(uint64_t *map, uint64_t pfn) { map[pfn / 64] &= ~(1ull << (pfn % 64)); }

void pmem_add(uint64_t base, uint64_t len)
{
	uint64_t first = PAGE_ROUND_UP(base) / PAGE_SIZE;
	uint64_t end = PAGE_ROUND_DOWN(base + len) / PAGE_SIZE;
	if (first == 0)
		first = 1; /* page 0 stays out: 0 is the failure value */
	for (uint64_t pfn = first; pfn < end && pfn < npages; pfn++) {
		if (!test(usable, pfn)) {
			set(usable, pfn);
			clear(used, pfn);
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
		if (test(usable, pfn)) {
			if (!test(used, pfn))
				nfree--;
			clear(usable, pfn);
			set(used, pfn);
			ntotal--;
		}
	}
}

uint64_t pmem_alloc(void)
{
	for (uint64_t n = 0; n < nwords; n++) {
		uint64_t w = (cursor + n) % nwords;
		if (used[w] == ~0ull)
			continue;
		uint64_t pfn = w * 64 + (uint64_t)__builtin_ctzll(~used[w]);
		if (pfn >= npages)
			continue;
		set(used, pfn);
		nfree--;
		if (nfree < low_free)
			low_free = nfree;
		cursor = w;
		return pfn * PAGE_SIZE;
	}
	return 0;
}

int pmem_free(uint64_t pa)
{
	uint64_t pfn = pa / PAGE_SIZE;
	if ((pa % PAGE_SIZE) || pfn >= npages || !test(usable, pfn) || !test(used, pfn))
		return -1;
	clear(used, pfn);
	nfree++;
	if (pfn / 64 < cursor)
		cursor = pfn / 64;
	return 0;
}

uint64_t pmem_free_pages(void) { return nfree; }
uint64_t pmem_total_pages(void) { return ntotal; }
uint64_t pmem_low_free_pages(void) { return low_free < nfree ? low_free : nfree; }

/* UNIT_SOURCES: kernel/pmem.c */
/* Host test of the bitmap page allocator. Each scenario feeds pmem a synthetic
 * memory map and reserved ranges, and checks the allocator against a simple
 * per-page model: a page is free iff it lies wholly inside an added region,
 * touches no reserved range, and is not page 0. The bitmap is malloc'ed at
 * exactly pmem_bitmap_size() so ASan catches any write past it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kernel/pmem.h"

struct range {
	uint64_t base, len;
};

/* The model: which pages pmem should hand out. */
static int page_in(uint64_t pfn, const struct range *r)
{
	uint64_t start = pfn * PAGE_SIZE;
	return r->base <= start && start + PAGE_SIZE <= r->base + r->len;
}

static int page_touches(uint64_t pfn, const struct range *r)
{
	uint64_t start = pfn * PAGE_SIZE;
	return r->len && r->base < start + PAGE_SIZE && start < r->base + r->len;
}

static uint64_t npages_of(uint64_t top) { return (top + PAGE_SIZE - 1) / PAGE_SIZE; }

static int expected_free(uint64_t pfn, const struct range *ram, int nram, const struct range *res,
			 int nres)
{
	if (pfn == 0)
		return 0;
	int in = 0;
	for (int i = 0; i < nram; i++)
		in |= page_in(pfn, &ram[i]);
	for (int i = 0; i < nres; i++)
		if (page_touches(pfn, &res[i]))
			return 0;
	return in;
}

/* Init, add, reserve, then alloc everything, free everything, alloc again. */
static void scenario(uint64_t top, const struct range *ram, int nram, const struct range *res,
		     int nres)
{
	uint64_t np = npages_of(top);
	void *bm = malloc(pmem_bitmap_size(top) ? pmem_bitmap_size(top) : 1);
	pmem_init(bm, top);
	CHECK_EQ(pmem_free_pages(), 0);
	CHECK_EQ(pmem_total_pages(), 0);
	CHECK_EQ(pmem_alloc(), 0); /* nothing added yet */

	/* Adding region by region: the total grows by exactly the new whole pages. */
	for (int i = 0; i < nram; i++) {
		uint64_t want = 0;
		for (uint64_t pfn = 1; pfn < np; pfn++)
			want += expected_free(pfn, ram, i + 1, NULL, 0);
		pmem_add(ram[i].base, ram[i].len);
		CHECK_EQ(pmem_total_pages(), want);
		CHECK_EQ(pmem_free_pages(), want);
	}
	/* Adding a region again changes nothing. */
	if (nram) {
		uint64_t before = pmem_total_pages();
		pmem_add(ram[0].base, ram[0].len);
		CHECK_EQ(pmem_total_pages(), before);
	}
	for (int i = 0; i < nres; i++) {
		uint64_t want = 0;
		for (uint64_t pfn = 1; pfn < np; pfn++)
			want += expected_free(pfn, ram, nram, res, i + 1);
		pmem_reserve(res[i].base, res[i].len);
		CHECK_EQ(pmem_total_pages(), want);
		CHECK_EQ(pmem_free_pages(), want);
	}

	uint64_t nfree = pmem_free_pages(), total = pmem_total_pages();
	uint64_t *got = malloc((nfree + 1) * sizeof(*got));
	unsigned char *seen = calloc(np + 1, 1);
	uint64_t n = 0, pa;
	int bad_align = 0, dup = 0, not_expected = 0;
	while ((pa = pmem_alloc()) != 0) {
		if (n > nfree) /* more than it claimed: stop before overrunning got[] */
			break;
		uint64_t pfn = pa / PAGE_SIZE;
		bad_align |= (pa % PAGE_SIZE) != 0;
		if (pfn >= np || !expected_free(pfn, ram, nram, res, nres))
			not_expected++;
		else if (seen[pfn]++)
			dup++;
		got[n++] = pa;
	}
	CHECK_EQ(n, nfree);
	CHECK_EQ(bad_align, 0);
	CHECK_EQ(dup, 0);
	CHECK_EQ(not_expected, 0);
	CHECK_EQ(pmem_free_pages(), 0);
	CHECK_EQ(pmem_total_pages(), total); /* allocating does not change the total */
	CHECK_EQ(pmem_alloc(), 0);           /* still empty on a second try */

	if (n) {
		/* One freed page is exactly what the next alloc returns. */
		uint64_t mid = got[n / 2];
		CHECK_EQ(pmem_free(mid), 0);
		CHECK_EQ(pmem_free_pages(), 1);
		CHECK_EQ(pmem_alloc(), mid);
		CHECK_EQ(pmem_alloc(), 0);
	}

	/* Free everything; each free succeeds once, a second time fails. */
	int free_fail = 0, double_ok = 0;
	for (uint64_t i = 0; i < n; i++)
		free_fail += pmem_free(got[i]) != 0;
	CHECK_EQ(free_fail, 0);
	CHECK_EQ(pmem_free_pages(), nfree);
	for (uint64_t i = 0; i < n; i++)
		double_ok += pmem_free(got[i]) != -1;
	CHECK_EQ(double_ok, 0);
	CHECK_EQ(pmem_free_pages(), nfree);
	CHECK_EQ(pmem_total_pages(), total);

	/* Re-allocating gives the same count and the same set of pages. */
	memset(seen, 0, np + 1);
	for (uint64_t i = 0; i < n; i++)
		seen[got[i] / PAGE_SIZE] = 1;
	uint64_t n2 = 0;
	int foreign = 0;
	while ((pa = pmem_alloc()) != 0 && n2 <= nfree) {
		n2++;
		if (pa / PAGE_SIZE >= np || seen[pa / PAGE_SIZE] != 1)
			foreign++;
		else
			seen[pa / PAGE_SIZE] = 2;
	}
	CHECK_EQ(n2, nfree);
	CHECK_EQ(foreign, 0);
	for (uint64_t i = 0; i < n; i++)
		pmem_free(got[i]);
	CHECK_EQ(pmem_free_pages(), nfree);

	free(seen);
	free(got);
	free(bm);
}

/* Several RAM regions with holes, unaligned bases and lengths, a region
 * smaller than a page once aligned, and an unaligned top. */
static const struct range map_ram[] = {
	{ 0, 0x9fc00 },                   /* low RAM incl. page 0, unaligned end */
	{ 0x100123, 0x300000 - 0x123 + 0x456 }, /* unaligned base and end */
	{ 0x500000, 0x2000 },
	{ 0x800800, 0x800 },              /* no whole page inside */
	{ 0x1000000, 0xfffff0 },          /* ends at the unaligned top */
};
static const struct range map_res[] = {
	{ 0x1000, 0x10 },          /* a few bytes still take the whole page */
	{ 0x200000, 0x3000 },      /* two overlapping ranges */
	{ 0x201800, 0x5000 },
	{ 0x1fff000, 0x10000 },    /* partly above top */
	{ 0x50000000, 0x1000 },    /* wholly above top */
	{ 0x600000, 0x4000 },      /* in a hole: no effect */
	{ 0x9e000, 0 },            /* empty: no effect */
	{ 0x4fffff, 2 },           /* straddles a page boundary: both pages */
};

/* The layout inside the bitmap is pmem's business; what mm_init relies on is
 * that the size is whole 64-bit words, has at least a bit per page, and grows
 * with top. (The scenarios use exactly this size, so ASan catches overruns.) */
static void test_bitmap_size(void)
{
	static const uint64_t tops[] = { 1, PAGE_SIZE, 64 * PAGE_SIZE, 64 * PAGE_SIZE + 1,
					 0x9fc00, 0x1fffff0, 1ull << 32, (1ull << 40) + 5 };
	size_t prev = pmem_bitmap_size(0);
	for (size_t i = 0; i < sizeof(tops) / sizeof(tops[0]); i++) {
		size_t sz = pmem_bitmap_size(tops[i]);
		uint64_t pages = npages_of(tops[i]);
		CHECK_EQ(sz % 8, 0);
		CHECK(sz >= (pages + 63) / 64 * 8);
		CHECK(sz >= prev);
		prev = sz;
	}
}

/* Bad addresses for pmem_free, with some pages allocated and some free. */
static void test_bad_free(void)
{
	uint64_t top = 200 * PAGE_SIZE;
	void *bm = malloc(pmem_bitmap_size(top));
	pmem_init(bm, top);
	pmem_add(0, top);
	uint64_t a = pmem_alloc(), b = pmem_alloc();
	CHECK(a != 0 && b != 0 && a != b);
	uint64_t before = pmem_free_pages();
	CHECK_EQ(pmem_free(a + 1), -1);            /* misaligned */
	CHECK_EQ(pmem_free(a + PAGE_SIZE - 8), -1);
	CHECK_EQ(pmem_free(0), -1);                /* page 0 is never handed out */
	CHECK_EQ(pmem_free(top), -1);              /* just past the end */
	CHECK_EQ(pmem_free(top + 64 * PAGE_SIZE), -1);
	CHECK_EQ(pmem_free(~0ull & ~(PAGE_SIZE - 1)), -1);
	CHECK_EQ(pmem_free_pages(), before);
	CHECK_EQ(pmem_free(a), 0);
	CHECK_EQ(pmem_free(a), -1);                /* double free */
	CHECK_EQ(pmem_free(b), 0);
	CHECK_EQ(pmem_free_pages(), before + 2);
	free(bm);
}

/* pmem.h: pmem_free returns -1 "if pa was not allocated". Pages that were
 * never added (a hole below top) or that were reserved (the kernel image, the
 * bitmap) were never allocated either; freeing them must not make them
 * allocatable. */
static void test_free_never_allocated(void)
{
	uint64_t top = 128 * PAGE_SIZE;
	void *bm = malloc(pmem_bitmap_size(top));
	pmem_init(bm, top);
	pmem_add(0, 32 * PAGE_SIZE);                /* hole: pages 32..63 */
	pmem_add(64 * PAGE_SIZE, 64 * PAGE_SIZE);
	pmem_reserve(8 * PAGE_SIZE, 4 * PAGE_SIZE); /* "the image": pages 8..11 */
	uint64_t nfree = pmem_free_pages(), total = pmem_total_pages();
	CHECK_EQ(total, 31 + 64 - 4);
	CHECK_EQ(pmem_free(40 * PAGE_SIZE), -1);    /* in the hole */
	CHECK_EQ(pmem_free(9 * PAGE_SIZE), -1);     /* reserved */
	CHECK_EQ(pmem_free_pages(), nfree);
	CHECK(pmem_free_pages() <= pmem_total_pages());
	free(bm);
}

/* pmem.h: a reserved page, "free or allocated", can no longer be allocated
 * or freed (mm_init reserves after adding; a late reserve must hold too). */
static void test_reserve_allocated(void)
{
	uint64_t top = 16 * PAGE_SIZE;
	void *bm = malloc(pmem_bitmap_size(top));
	pmem_init(bm, top);
	pmem_add(0, top);
	CHECK_EQ(pmem_total_pages(), 15);
	uint64_t a = pmem_alloc();
	CHECK(a != 0);
	pmem_reserve(a, PAGE_SIZE);
	CHECK_EQ(pmem_total_pages(), 14);
	CHECK_EQ(pmem_free_pages(), 14); /* it was not free, so the free count stays */
	CHECK_EQ(pmem_free(a), -1);
	CHECK_EQ(pmem_free_pages(), 14);
	uint64_t n = 0, pa;
	int again = 0;
	while ((pa = pmem_alloc()) != 0 && n < 100) {
		n++;
		again |= pa == a;
	}
	CHECK_EQ(n, 14);
	CHECK_EQ(again, 0);
	free(bm);
}

/* Pages past npages in the bitmap's last word must never be handed out. */
static void test_partial_last_word(void)
{
	uint64_t top = 65 * PAGE_SIZE; /* 65 pages: the second word has one real bit */
	void *bm = malloc(pmem_bitmap_size(top));
	pmem_init(bm, top);
	pmem_add(0, 1ull << 30); /* a region reaching far above top is clipped */
	CHECK_EQ(pmem_total_pages(), 64); /* pages 1..64 */
	uint64_t n = 0, pa, max = 0;
	while ((pa = pmem_alloc()) != 0 && n < 1000) {
		n++;
		if (pa > max)
			max = pa;
	}
	CHECK_EQ(n, 64);
	CHECK_EQ(max, 64 * PAGE_SIZE);
	free(bm);
}

int main(void)
{
	test_bitmap_size();
	scenario(0x1fffff0, map_ram, sizeof(map_ram) / sizeof(map_ram[0]), map_res,
		 sizeof(map_res) / sizeof(map_res[0]));
	/* The same map without reservations, and a one-region map whose pages
	 * fill whole bitmap words exactly. */
	scenario(0x1fffff0, map_ram, sizeof(map_ram) / sizeof(map_ram[0]), NULL, 0);
	static const struct range one[] = { { 0, 128 * PAGE_SIZE } };
	scenario(128 * PAGE_SIZE, one, 1, NULL, 0);
	/* A top of 0: nothing to track, nothing to hand out. */
	scenario(0, NULL, 0, NULL, 0);
	test_partial_last_word();
	test_bad_free();
	test_free_never_allocated();
	test_reserve_allocated();
	return check_done();
}

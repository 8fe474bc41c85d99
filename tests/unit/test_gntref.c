/* UNIT_SOURCES: platform/xen/gntref.c */
/* Host test of the grant reference allocator: reserved references are never
 * handed out, freed ones are reused, double and bogus frees are refused. */
#include <stdint.h>

#include "check.h"
#include "platform/xen/gntref.h"

int main(void)
{
	uint32_t next[16];
	struct gntref_pool p;
	gntref_init(&p, next, 16, 8);
	CHECK_EQ(p.nfree, 8);

	uint32_t got[8];
	for (int i = 0; i < 8; i++) {
		got[i] = gntref_alloc(&p);
		CHECK(got[i] >= 8 && got[i] < 16);
		for (int j = 0; j < i; j++)
			CHECK(got[j] != got[i]);
	}
	CHECK_EQ(gntref_alloc(&p), GNTREF_NONE); /* exhausted */
	CHECK_EQ(p.nfree, 0);

	CHECK_EQ(gntref_free(&p, got[3]), 0);
	CHECK_EQ(gntref_free(&p, got[3]), -1);   /* double free */
	CHECK_EQ(gntref_free(&p, 2), -1);        /* reserved */
	CHECK_EQ(gntref_free(&p, 16), -1);       /* out of range */
	CHECK_EQ(gntref_free(&p, GNTREF_NONE), -1);
	CHECK_EQ(p.nfree, 1);
	CHECK_EQ(gntref_alloc(&p), got[3]);      /* reused */
	CHECK_EQ(gntref_alloc(&p), GNTREF_NONE);

	for (int i = 0; i < 8; i++)
		CHECK_EQ(gntref_free(&p, got[i]), 0);
	CHECK_EQ(p.nfree, 8);
	/* Every reference comes back exactly once. */
	unsigned seen = 0;
	for (int i = 0; i < 8; i++)
		seen |= 1u << gntref_alloc(&p);
	CHECK_EQ(seen, 0xff00u);

	/* A pool with nothing but reserved entries. */
	gntref_init(&p, next, 8, 8);
	CHECK_EQ(gntref_alloc(&p), GNTREF_NONE);
	return check_done();
}

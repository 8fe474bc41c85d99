/* Grant reference allocator, pure logic (host-tested by
 * tests/unit/test_gntref.c): a free list threaded through an array, so a
 * freed reference is reused, most recently freed first. References below
 * GNTTAB_NR_RESERVED_ENTRIES belong to the toolstack (console, xenstore). */
#ifndef AMPHI_XEN_GNTREF_H
#define AMPHI_XEN_GNTREF_H

#include <stdint.h>

#define GNTREF_NONE UINT32_MAX

struct gntref_pool {
	uint32_t *next; /* next[ref]: the free reference after ref */
	uint32_t count; /* references 0..count-1 exist */
	uint32_t first; /* reserved references below this are never handed out */
	uint32_t head;  /* first free reference, or GNTREF_NONE */
	uint32_t nfree;
};

/* next must hold count entries. Every reference from first on starts free. */
void gntref_init(struct gntref_pool *p, uint32_t *next, uint32_t count, uint32_t first);
/* A free reference, or GNTREF_NONE. */
uint32_t gntref_alloc(struct gntref_pool *p);
/* Give ref back; -1 (and nothing changes) if it is reserved, out of range
 * or already free. */
int gntref_free(struct gntref_pool *p, uint32_t ref);

#endif

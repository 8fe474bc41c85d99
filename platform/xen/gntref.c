/* Grant reference allocator (gntref.h). A reference in use has next[ref] ==
 * GNTREF_USED, so a double free is caught, not turned into a loop. */
#include "gntref.h"

#define GNTREF_USED (UINT32_MAX - 1)

void gntref_init(struct gntref_pool *p, uint32_t *next, uint32_t count, uint32_t first)
{
	*p = (struct gntref_pool){ .next = next, .count = count, .first = first, .head = GNTREF_NONE };
	for (uint32_t r = 0; r < first && r < count; r++)
		next[r] = GNTREF_USED;
	for (uint32_t r = count; r-- > first;) {
		next[r] = p->head;
		p->head = r;
		p->nfree++;
	}
}

uint32_t gntref_alloc(struct gntref_pool *p)
{
	uint32_t r = p->head;
	if (r == GNTREF_NONE)
		return GNTREF_NONE;
	p->head = p->next[r];
	p->next[r] = GNTREF_USED;
	p->nfree--;
	return r;
}

int gntref_free(struct gntref_pool *p, uint32_t ref)
{
	if (ref < p->first || ref >= p->count || p->next[ref] != GNTREF_USED)
		return -1;
	p->next[ref] = p->head;
	p->head = ref;
	p->nfree++;
	return 0;
}

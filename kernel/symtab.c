#include "symtab.h"

#include <stddef.h>

const char *symtab_lookup(const struct symtab *t, uint64_t addr, uint64_t *offset)
{
	/* Binary search for the last symbol starting at or below addr. */
	uint64_t lo = 0, hi = t->count;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (t->addr[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	uint64_t i = lo - 1;
	uint64_t off = addr - t->addr[i];
	/* Past the end of a sized function means we are in no function we know;
	 * an unsized label covers up to the next symbol, the last one only itself. */
	if (t->size[i] ? off >= t->size[i] : (i + 1 == t->count && off != 0))
		return NULL;
	if (offset)
		*offset = off;
	return t->strings + t->name[i];
}

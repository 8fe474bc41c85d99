/* Function names for backtraces, from a table tools/mksyms embeds in the image
 * after a first link (sorted by address). */
#ifndef AMPHI_SYMTAB_H
#define AMPHI_SYMTAB_H

#include <stdint.h>

struct symtab {
	uint64_t count;
	const uint64_t *addr;  /* ascending */
	const uint32_t *size;  /* 0 if unknown */
	const uint32_t *name;  /* offsets into strings */
	const char *strings;
};

extern const struct symtab amphi_symtab;

/* Name of the function containing addr, and addr's offset in it; NULL if none.
 * An unsized symbol covers addresses up to the next one; the last, only itself. */
const char *symtab_lookup(const struct symtab *t, uint64_t addr, uint64_t *offset);

#endif

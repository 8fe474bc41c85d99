/*
 * The stack protector (-fstack-protector-strong with a global guard) and the
 * checked string functions (_FORTIFY_SOURCE, newlib's __*_chk): the canary
 * every protected function saves and checks is set once per boot by the
 * entry point from the best entropy it has, before any protected function
 * returns. A smashed canary or a checked copy that would overflow panics,
 * naming the function (kernel/ssp.c).
 */
#ifndef AMPHI_SSP_H
#define AMPHI_SSP_H

#include <stdint.h>

extern uintptr_t __stack_chk_guard;
extern const char *ssp_guard_source; /* "rdseed", "rdrand" or "tsc" */

/* Set the canary from entropy (mixed; the low byte zero, so that a string
 * overflow cannot copy the canary through). Inline: the caller must not be
 * protected itself, nor have a protected function on its stack. */
static inline __attribute__((always_inline)) void ssp_set_guard(uint64_t entropy, const char *source)
{
	uint64_t z = entropy + 0x9e3779b97f4a7c15ull; /* splitmix64 */
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	__stack_chk_guard = (uintptr_t)(z & ~0xffull);
	ssp_guard_source = source;
}

#endif

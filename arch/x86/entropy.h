/* Boot-time entropy on x86 (for the stack protector's canary): RDSEED, else
 * RDRAND, else the TSC, whichever the CPU has. Usable before anything is set
 * up, with no stack protector of its own. */
#ifndef AMPHI_X86_ENTROPY_H
#define AMPHI_X86_ENTROPY_H

#include <stdint.h>

#include "cpu.h"

static inline __attribute__((always_inline)) uint64_t x86_boot_entropy(const char **source)
{
	uint32_t r[4];
	uint64_t v = 0, tsc = rdtsc();
	unsigned char ok = 0;
	cpuid(0, 0, r);
	uint32_t max_leaf = r[0];
	cpuid(1, 0, r);
	int has_rdrand = (r[2] >> 30) & 1, has_rdseed = 0;
	if (max_leaf >= 7) {
		cpuid(7, 0, r);
		has_rdseed = (r[1] >> 18) & 1;
	}
	/* Both may fail transiently (carry clear): retry a few times. */
	for (int i = 0; has_rdseed && !ok && i < 32; i++)
		__asm__ volatile("rdseed %0; setc %1" : "=r"(v), "=qm"(ok));
	if (ok) {
		*source = "rdseed";
		return v ^ tsc;
	}
	for (int i = 0; has_rdrand && !ok && i < 32; i++)
		__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
	if (ok) {
		*source = "rdrand";
		return v ^ tsc;
	}
	*source = "tsc";
	return tsc;
}

#endif

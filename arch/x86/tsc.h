/* The TSC: the cycle counter every clock here is read through, and its rate. */
#ifndef AMPHI_X86_TSC_H
#define AMPHI_X86_TSC_H

#include <stdint.h>

/* TSC ticks per second: the rate a platform set, else CPUID 0x15 or the
 * hypervisor's timing leaf, else the platform's calibrator (measured once;
 * the result is cached), else a guess of 1 GHz. */
uint64_t tsc_hz(void);
/* For platforms that know the rate (Xen's pvclock scale): no measuring. */
void tsc_set_hz(uint64_t hz);
/* For platforms with a timer of known rate to measure the TSC against when
 * the CPU does not say (the PC's PIT); measure returns 0 if it cannot. */
void tsc_set_calibrator(uint64_t (*measure)(void));
/* Convert a TSC delta to nanoseconds. */
uint64_t tsc_to_ns(uint64_t ticks);

#endif

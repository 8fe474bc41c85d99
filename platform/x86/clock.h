/* Clocks every PC-like x86 machine has: the TSC, the PIT (to measure the
 * TSC's rate when CPUID does not say it) and the CMOS real-time clock. */
#ifndef AMPHI_X86_CLOCK_H
#define AMPHI_X86_CLOCK_H

#include <stdint.h>

/* TSC ticks per second: CPUID 0x15, the hypervisor's timing leaf, else
 * measured against the PIT over 10 ms (once; the result is cached). */
uint64_t tsc_hz(void);
/* For platforms that know the rate (Xen's pvclock scale): no measuring. */
void tsc_set_hz(uint64_t hz);
/* Convert a TSC delta to nanoseconds. */
uint64_t tsc_to_ns(uint64_t ticks);
/* Seconds since 1970 from the CMOS RTC, or 0 if it cannot be read. */
uint64_t cmos_rtc_epoch(void);

#endif

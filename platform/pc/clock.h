/* The PC's own clocks: the PIT (to measure the TSC's rate when CPUID does
 * not say it) and the CMOS real-time clock. */
#ifndef AMPHI_PC_CLOCK_H
#define AMPHI_PC_CLOCK_H

#include <stdint.h>

/* TSC ticks per second, counted over 10 ms of PIT channel 0 (the TSC's
 * calibrator on a PC: tsc_set_calibrator); 0 if the PIT does not count. */
uint64_t pit_measure_tsc_hz(void);
/* Seconds since 1970 from the CMOS RTC, or 0 if it cannot be read. */
uint64_t cmos_rtc_epoch(void);

#endif

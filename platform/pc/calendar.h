/* Calendar arithmetic for clocks that report dates (CMOS RTC, EFI). */
#ifndef AMPHI_CALENDAR_H
#define AMPHI_CALENDAR_H

#include <stdint.h>

/* Days from 1970-01-01 to the given proleptic Gregorian date (m 1-12, d 1-31). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

#endif

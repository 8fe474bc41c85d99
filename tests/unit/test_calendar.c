/* UNIT_SOURCES: platform/pc/calendar.c */
/* Host test of days_from_civil: known dates, then every day from 1600 to 2200
 * against a plain day counter that knows nothing but month lengths. */
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "platform/pc/calendar.h"

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static unsigned month_days(int64_t y, unsigned m)
{
	static const unsigned days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static void test_known(void)
{
	CHECK_EQ(days_from_civil(1970, 1, 1), 0);
	CHECK_EQ(days_from_civil(1970, 1, 2), 1);
	CHECK_EQ(days_from_civil(1969, 12, 31), -1);
	CHECK_EQ(days_from_civil(1971, 1, 1), 365);
	CHECK_EQ(days_from_civil(1972, 3, 1), 365 + 365 + 31 + 29); /* 1972 is leap */
	/* 2000-03-01 is 11017 days after the epoch (date -d 2000-03-01 +%s / 86400). */
	CHECK_EQ(days_from_civil(2000, 3, 1), 11017);
	CHECK_EQ(days_from_civil(2000, 2, 29), 11016); /* 2000 is leap (divisible by 400) */
	CHECK_EQ(days_from_civil(2000, 1, 1), 10957);
	CHECK_EQ(days_from_civil(2024, 2, 29), 19782);
	CHECK_EQ(days_from_civil(2024, 3, 1), 19783);
	CHECK_EQ(days_from_civil(2038, 1, 19), 24855); /* the 32-bit time_t rollover day */
	/* 1900 is not leap: Feb 28 is followed directly by Mar 1. */
	CHECK_EQ(days_from_civil(1900, 3, 1), -25508);
	CHECK_EQ(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1);
	CHECK_EQ(days_from_civil(1900, 1, 1), -25567);
	/* 2100 is not leap either. */
	CHECK_EQ(days_from_civil(2100, 3, 1) - days_from_civil(2100, 2, 28), 1);
	CHECK_EQ(days_from_civil(2100, 1, 1), 47482);
	CHECK_EQ(days_from_civil(2101, 1, 1) - days_from_civil(2100, 1, 1), 365);
	/* Before 1970, and before year 0 (the proleptic calendar goes on). */
	CHECK_EQ(days_from_civil(1969, 7, 20), -165);
	CHECK_EQ(days_from_civil(1601, 1, 1), -134774);
	CHECK_EQ(days_from_civil(0, 3, 1), -719468);
	CHECK_EQ(days_from_civil(0, 3, 1) - days_from_civil(0, 2, 28), 2); /* year 0 is leap */
	CHECK_EQ(days_from_civil(-1, 12, 31), days_from_civil(0, 1, 1) - 1);
}

/* Every day from 1600-01-01 to 2200-12-31, counted one at a time from the
 * epoch in both directions. */
static void test_every_day(void)
{
	/* Days from 1600-01-01 to 1970-01-01, by whole years. */
	int64_t start = 0;
	for (int64_t y = 1600; y < 1970; y++)
		start -= is_leap(y) ? 366 : 365;

	int64_t n = start, mismatches = 0, first_bad_y = 0;
	unsigned first_bad_m = 0, first_bad_d = 0;
	for (int64_t y = 1600; y <= 2200; y++)
		for (unsigned m = 1; m <= 12; m++)
			for (unsigned d = 1; d <= month_days(y, m); d++, n++)
				if (days_from_civil(y, m, d) != n && !mismatches++)
					first_bad_y = y, first_bad_m = m, first_bad_d = d;
	CHECK_EQ(mismatches, 0);
	if (mismatches)
		fprintf(stderr, "  first wrong date: %lld-%02u-%02u\n", (long long)first_bad_y,
			first_bad_m, first_bad_d);
	/* The counter passed through 1970-01-01 at 0 and 601 years went by. */
	CHECK_EQ(start, -135140);
	CHECK_EQ(n - start, 601 * 365 + 146);
}

int main(void)
{
	test_known();
	test_every_day();
	return check_done();
}

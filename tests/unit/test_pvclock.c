/* UNIT_SOURCES: arch/x86/pvclock.c */
/* Host test of the pvclock math and read protocol (arch/x86/pvclock.c). */
#include <stdint.h>
#include <string.h>

#include "arch/x86/pvclock.h"
#include "check.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* The scale for a TSC of hz ticks per second, as a hypervisor would pick it:
 * shift so that 1e9/hz * 2^-shift lies in [0.5, 1), then mul = that * 2^32. */
static void params_for_hz(uint64_t hz, uint32_t *mul, int8_t *shift)
{
	uint64_t num = 1000000000ull, den = hz;
	int s = 0;
	while (num >= den) /* ratio >= 1: scale the TSC delta up */
		den <<= 1, s++;
	while (num * 2 < den) /* ratio < 0.5: scale it down */
		num <<= 1, s--;
	*shift = (int8_t)s;
	*mul = (uint32_t)(((unsigned __int128)num << 32) / den);
}

static void test_scale(void)
{
	/* mul = 0.5, no shift: half. */
	CHECK_EQ(pvclock_scale_delta(1000, 0x80000000u, 0), 500);
	/* mul = 0.5, shift +1: identity; shift -1: a quarter. */
	CHECK_EQ(pvclock_scale_delta(1000, 0x80000000u, 1), 1000);
	CHECK_EQ(pvclock_scale_delta(1000, 0x80000000u, -1), 250);
	/* A 64-bit product would overflow here: 2^40 ticks * (2^32 - 1). */
	CHECK_EQ(pvclock_scale_delta(1ull << 40, 0xffffffffu, 0), (1ull << 40) - 256);
	/* Absurd shifts do not invoke undefined behaviour. */
	CHECK_EQ(pvclock_scale_delta(~0ull, 0xffffffffu, -100), 0);
	CHECK_EQ(pvclock_scale_delta(1, 0xffffffffu, 100), 0);

	/* A 2.5 GHz TSC: 2.5e9 ticks are one second, to within a nanosecond. */
	uint32_t mul;
	int8_t shift;
	params_for_hz(2500000000ull, &mul, &shift);
	uint64_t ns = pvclock_scale_delta(2500000000ull, mul, shift);
	CHECK(ns >= 999999998 && ns <= 1000000000);
	/* 1 GHz and 100 MHz and 3.7 GHz: one hour of ticks stays within 2 us. */
	static const uint64_t rates[] = { 1000000000ull, 100000000ull, 3700000000ull };
	for (unsigned i = 0; i < 3; i++) {
		params_for_hz(rates[i], &mul, &shift);
		ns = pvclock_scale_delta(rates[i] * 3600, mul, shift);
		CHECK(ns <= 3600000000000ull && ns > 3600000000000ull - 2000);
	}

	/* Against the exact formula, for random scales and deltas. */
	for (int i = 0; i < 100000; i++) {
		uint64_t delta = rng() >> (rng() % 64);
		uint32_t m = (uint32_t)rng();
		int8_t s = (int8_t)((int)(rng() % 16) - 8);
		uint64_t shifted = s < 0 ? delta >> -s : delta << s;
		unsigned __int128 want = ((unsigned __int128)shifted * m) >> 32;
		if (pvclock_scale_delta(delta, m, s) != (uint64_t)want) {
			CHECK(!"scale differs from the exact formula");
			break;
		}
	}
}

static void test_unscale(void)
{
	CHECK_EQ(pvclock_unscale_ns(500, 0x80000000u, 0), 1000);
	CHECK_EQ(pvclock_unscale_ns(501, 0x80000000u, 0), 1002);
	CHECK_EQ(pvclock_unscale_ns(250, 0x80000000u, -1), 1000);
	CHECK_EQ(pvclock_unscale_ns(1000, 0x80000000u, 1), 1000);
	CHECK_EQ(pvclock_unscale_ns(0, 0x80000000u, 0), 0);
	CHECK(pvclock_unscale_ns(1, 0, 0) == UINT64_MAX);
	CHECK(pvclock_unscale_ns(UINT64_MAX, 1, -5) == UINT64_MAX);

	/* The inverse is the smallest delta that reaches ns: a deadline converted
	 * to TSC ticks never fires early, and at most one tick late. */
	int bad = 0;
	for (int i = 0; i < 100000 && !bad; i++) {
		uint32_t m = (uint32_t)rng() | 0x80000000u; /* hypervisors normalise mul to >= 0.5 */
		int8_t s = (int8_t)((int)(rng() % 8) - 4);
		uint64_t ns = rng() >> (rng() % 40 + 24); /* up to 2^40 ns (~18 minutes) */
		uint64_t d = pvclock_unscale_ns(ns, m, s);
		if (pvclock_scale_delta(d, m, s) < ns)
			bad = 1;
		if (d && pvclock_scale_delta(d - 1, m, s) >= ns)
			bad = 2;
	}
	CHECK_EQ(bad, 0);
}

/* A fake hypervisor: read_tsc runs inside the reader's window and can
 * simulate an update racing with it. */
static struct pvclock_vcpu_time_info ti;
static uint64_t fake_tsc;
static int updates_left; /* read_tsc calls that still find an update in progress */
static int tsc_reads;

static uint64_t fake_read_tsc(void)
{
	tsc_reads++;
	if (updates_left > 0) {
		updates_left--;
		ti.version |= 1; /* the hypervisor started rewriting ... */
		ti.system_time += 1000000;
		ti.version++; /* ... and finished: the reader must notice */
	}
	return fake_tsc;
}

static void test_read(void)
{
	memset(&ti, 0, sizeof(ti));
	CHECK_EQ(sizeof(ti), 32);
	ti.version = 2;
	ti.tsc_timestamp = 1000000;
	ti.system_time = 5000000000ull;
	ti.tsc_to_system_mul = 0x80000000u; /* 2 GHz: 0.5 ns per tick */
	ti.tsc_shift = 0;
	fake_tsc = 3000000;
	tsc_reads = 0;
	CHECK_EQ(pvclock_read_ns(&ti, fake_read_tsc), 5000000000ull + 1000000);
	CHECK_EQ(tsc_reads, 1);

	/* An update during the read: the reader retries and sees the new time. */
	updates_left = 2;
	tsc_reads = 0;
	CHECK_EQ(pvclock_read_ns(&ti, fake_read_tsc), 5002000000ull + 1000000);
	CHECK_EQ(tsc_reads, 3);
	CHECK_EQ(ti.version, 6);

	/* A TSC behind tsc_timestamp (read before the update) does not wrap. */
	fake_tsc = 999999;
	CHECK_EQ(pvclock_read_ns(&ti, fake_read_tsc), 5002000000ull);

	/* ns -> TSC: 1 ms after system_time is 2e6 ticks after tsc_timestamp. */
	CHECK_EQ(pvclock_ns_to_tsc(&ti, 5002000000ull + 1000000), 1000000 + 2000000);
	CHECK_EQ(pvclock_ns_to_tsc(&ti, 1), 1000000); /* the past stays the past */
	CHECK(pvclock_ns_to_tsc(&ti, UINT64_MAX) - 1000000 >= (1ull << 62));

	/* Xen HVM: the guest's TSC starts at its creation, so a record stamped
	 * earlier holds a "negative" tsc_timestamp; time still advances. */
	ti.tsc_timestamp = (uint64_t)-1000000;
	fake_tsc = 2000000; /* 3e6 ticks later: 1.5 ms */
	CHECK_EQ(pvclock_read_ns(&ti, fake_read_tsc), 5002000000ull + 1500000);
	CHECK_EQ(pvclock_ns_to_tsc(&ti, 5002000000ull + 1500000), 2000000);
	fake_tsc = (uint64_t)-1000001; /* just behind the stamp */
	CHECK_EQ(pvclock_read_ns(&ti, fake_read_tsc), 5002000000ull);
}

static void test_wall(void)
{
	struct pvclock_wall_clock wc = { .version = 4, .sec = 1700000000u, .nsec = 123456789 };
	CHECK_EQ(sizeof(wc), 12);
	CHECK_EQ(pvclock_wall_ns(&wc, NULL), 1700000000ull * 1000000000ull + 123456789);
	/* Xen's wc_sec_hi extends the seconds past 2106. */
	uint32_t hi = 1;
	CHECK_EQ(pvclock_wall_ns(&wc, &hi), ((1ull << 32) + 1700000000ull) * 1000000000ull + 123456789);
}

int main(void)
{
	test_scale();
	test_unscale();
	test_read();
	test_wall();
	return check_done();
}

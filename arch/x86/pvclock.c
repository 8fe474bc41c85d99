/* pvclock reader (see pvclock.h). Layouts: KVM's Documentation/virt/kvm/x86/msr.rst
 * (MSR_KVM_SYSTEM_TIME_NEW, MSR_KVM_WALL_CLOCK_NEW) and Xen's public xen.h. */
#include <stddef.h>

#include "pvclock.h"

/* The compiler must not move field loads across the version loads; x86 itself
 * never reorders a load with an older load. */
#define compiler_barrier() __asm__ volatile("" : : : "memory")

struct pvclock_copy {
	uint64_t tsc_timestamp, system_time;
	uint32_t mul;
	int8_t shift;
};

/* A consistent copy of *ti; returns read_tsc() taken inside the same version
 * window (0 if read_tsc is NULL). */
static uint64_t pvclock_copy(const volatile struct pvclock_vcpu_time_info *ti, struct pvclock_copy *c,
			     uint64_t (*read_tsc)(void))
{
	uint32_t version;
	uint64_t tsc = 0;
	do {
		version = ti->version;
		compiler_barrier();
		c->tsc_timestamp = ti->tsc_timestamp;
		c->system_time = ti->system_time;
		c->mul = ti->tsc_to_system_mul;
		c->shift = ti->tsc_shift;
		if (read_tsc)
			tsc = read_tsc();
		compiler_barrier();
	} while ((version & 1) || ti->version != version);
	return tsc;
}

uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta = shift <= -64 ? 0 : delta >> -shift;
	else
		delta = shift >= 64 ? 0 : delta << shift;
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t pvclock_unscale_ns(uint64_t ns, uint32_t mul, int8_t shift)
{
	if (!mul)
		return UINT64_MAX; /* a stopped clock never gets there */
	/* Smallest shifted delta d with d * mul >= ns << 32 ... */
	unsigned __int128 d = (((unsigned __int128)ns << 32) + mul - 1) / mul;
	if (d > UINT64_MAX)
		return UINT64_MAX;
	/* ... then the smallest raw delta that shifts to at least d. */
	if (shift < 0) {
		if (shift <= -64 || d > (UINT64_MAX >> -shift))
			return UINT64_MAX;
		return (uint64_t)d << -shift;
	}
	if (shift >= 64)
		return d ? 1 : 0;
	return (uint64_t)((d + ((1ull << shift) - 1)) >> shift);
}

uint64_t pvclock_read_ns(const volatile struct pvclock_vcpu_time_info *ti, uint64_t (*read_tsc)(void))
{
	struct pvclock_copy c;
	uint64_t tsc = pvclock_copy(ti, &c, read_tsc);
	/* TSC values are compared modulo 2^64: under Xen, an HVM guest's TSC
	 * counts from its own start, so a record stamped before that carries
	 * a "negative" tsc_timestamp. A TSC read a little behind the stamp
	 * (another CPU's update) counts as no time at all. */
	int64_t delta = (int64_t)(tsc - c.tsc_timestamp);
	return c.system_time + (delta > 0 ? pvclock_scale_delta((uint64_t)delta, c.mul, c.shift) : 0);
}

uint64_t pvclock_ns_to_tsc(const volatile struct pvclock_vcpu_time_info *ti, uint64_t ns)
{
	struct pvclock_copy c;
	pvclock_copy(ti, &c, NULL);
	if (ns <= c.system_time)
		return c.tsc_timestamp;
	uint64_t delta = pvclock_unscale_ns(ns - c.system_time, c.mul, c.shift);
	/* Modulo 2^64 like the TSC itself (see pvclock_read_ns); "never" is
	 * as far ahead as a signed difference reaches. */
	return c.tsc_timestamp + (delta > INT64_MAX ? INT64_MAX : delta);
}

uint64_t pvclock_wall_ns(const volatile struct pvclock_wall_clock *wc, const volatile uint32_t *sec_hi)
{
	uint32_t version, sec, nsec, hi;
	do {
		version = wc->version;
		compiler_barrier();
		sec = wc->sec;
		nsec = wc->nsec;
		hi = sec_hi ? *sec_hi : 0;
		compiler_barrier();
	} while ((version & 1) || wc->version != version);
	return ((uint64_t)hi << 32 | sec) * 1000000000ull + nsec;
}

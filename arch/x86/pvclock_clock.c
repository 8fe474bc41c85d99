#include "pvclock_clock.h"

#include "cpu.h"

static uint64_t rdtsc_ordered(void)
{
	__asm__ volatile("lfence" : : : "memory"); /* not before the loads above it */
	return rdtsc();
}

void pvclock_clock_init(struct pvclock_clock *c, const volatile struct pvclock_vcpu_time_info *ti,
			uint64_t entry_tsc)
{
	/* Monotonic time counts from the entry TSC, as on the TSC path; the
	 * pvclock's own scale takes it back there (no need to measure the TSC). */
	uint64_t raw = pvclock_read_ns(ti, rdtsc_ordered);
	uint64_t since_entry = pvclock_scale_delta(rdtsc() - entry_tsc, ti->tsc_to_system_mul,
						   ti->tsc_shift);
	c->ti = ti;
	c->offset = raw > since_entry ? raw - since_entry : 0;
	c->last = 0;
}

uint64_t pvclock_clock_ns(struct pvclock_clock *c)
{
	uint64_t raw = pvclock_read_ns(c->ti, rdtsc_ordered);
	uint64_t now = raw > c->offset ? raw - c->offset : 0;
	/* The host may step the clock back (no TSC_STABLE flag, migration): keep
	 * the maximum. Interrupt handlers read the clock too, hence the CAS. */
	uint64_t last = __atomic_load_n(&c->last, __ATOMIC_RELAXED);
	do {
		if (now <= last)
			return last;
	} while (!__atomic_compare_exchange_n(&c->last, &last, now, 0, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return now;
}

uint64_t pvclock_clock_system_time(const struct pvclock_clock *c, uint64_t ns)
{
	return ns > UINT64_MAX - c->offset ? UINT64_MAX : ns + c->offset;
}

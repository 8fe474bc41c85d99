/*
 * The pvclock time format shared by KVM (kvmclock) and Xen (vcpu_info.time,
 * shared_info wall clock): the hypervisor publishes, per vCPU, a TSC value and
 * the system time (ns) at that TSC, plus a scale; the guest extrapolates
 *
 *   ns = system_time + (((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32
 *
 * (a negative tsc_shift shifts right). The hypervisor makes `version` odd
 * while it rewrites the fields, so a reader retries until it sees the same
 * even version before and after. Pure code: host-tested by tests/unit/test_pvclock.c.
 */
#ifndef AMPHI_X86_PVCLOCK_H
#define AMPHI_X86_PVCLOCK_H

#include <stdint.h>

struct pvclock_vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;       /* ns at tsc_timestamp */
	uint32_t tsc_to_system_mul; /* 32.32 fixed point */
	int8_t tsc_shift;
	uint8_t flags;              /* PVCLOCK_* */
	uint8_t pad[2];
} __attribute__((packed));

/* The hypervisor guarantees the clock is monotonic across vCPUs. */
#define PVCLOCK_TSC_STABLE_BIT (1u << 0)

/* Wall-clock time at system time 0. Xen's shared_info has the same three
 * fields (wc_version, wc_sec, wc_nsec), followed on x86-64 by wc_sec_hi. */
struct pvclock_wall_clock {
	uint32_t version;
	uint32_t sec;
	uint32_t nsec;
} __attribute__((packed));

/* ns for a TSC delta under the given scale (128-bit intermediate: no overflow). */
uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul, int8_t shift);
/* The smallest TSC delta that scales to at least ns (the inverse, rounded up). */
uint64_t pvclock_unscale_ns(uint64_t ns, uint32_t mul, int8_t shift);

/* System time now. read_tsc is called inside the version window; it should be
 * ordered against the loads before it (lfence; rdtsc). */
uint64_t pvclock_read_ns(const volatile struct pvclock_vcpu_time_info *ti, uint64_t (*read_tsc)(void));
/* The TSC value at which system time reaches ns (for a TSC-deadline timer);
 * a time already past gives a TSC already past. */
uint64_t pvclock_ns_to_tsc(const volatile struct pvclock_vcpu_time_info *ti, uint64_t ns);

/* Wall-clock ns since 1970 at system time 0. sec_hi: Xen's wc_sec_hi, or NULL. */
uint64_t pvclock_wall_ns(const volatile struct pvclock_wall_clock *wc, const volatile uint32_t *sec_hi);

#endif

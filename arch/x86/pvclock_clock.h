/* A monotonic clock on a pvclock time info (kvmclock, Xen's vcpu_info.time):
 * counts from the TSC value of the entry point, never goes back. Shared by
 * the KVM and Xen platforms. */
#ifndef AMPHI_X86_PVCLOCK_CLOCK_H
#define AMPHI_X86_PVCLOCK_CLOCK_H

#include <stdint.h>

#include "pvclock.h"

struct pvclock_clock {
	const volatile struct pvclock_vcpu_time_info *ti;
	uint64_t offset; /* system time when the monotonic clock read 0 */
	uint64_t last;   /* the monotonic clock never goes below this */
};

/* ti must already be kept up to date by the hypervisor. */
void pvclock_clock_init(struct pvclock_clock *c, const volatile struct pvclock_vcpu_time_info *ti,
			uint64_t entry_tsc);
/* Monotonic ns since the entry point; safe from interrupt handlers. */
uint64_t pvclock_clock_ns(struct pvclock_clock *c);
/* The hypervisor's system time at monotonic time ns (saturating). */
uint64_t pvclock_clock_system_time(const struct pvclock_clock *c, uint64_t ns);

#endif

/* Time on Xen: vcpu_info's time record is a pvclock (the kvmclock reader
 * works as is), shared_info holds the wall clock at system time 0, and the
 * one-shot timer is a VCPUOP that fires VIRQ_TIMER. */
#include <errno.h>

#include "arch/x86/pvclock_clock.h"
#include "arch/x86/tsc.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "platform/platform.h"
#include "xen_internal.h"

_Static_assert(sizeof(struct vcpu_time_info) == sizeof(struct pvclock_vcpu_time_info),
	       "Xen's vcpu_time_info is a pvclock record");

static struct pvclock_clock clock;

void xen_time_init(uint64_t entry_tsc)
{
	const volatile struct vcpu_time_info *t = &xen_shared->vcpu_info[0].time;
	pvclock_clock_init(&clock, (const volatile void *)t, entry_tsc);
	/* The TSC rate is in the scale: ns = (ticks << shift) * mul >> 32. Telling
	 * clock.c spares it the PIT, which a Xen guest does not have. */
	unsigned __int128 hz = ((unsigned __int128)1000000000 << 32) / (t->tsc_to_system_mul ?: 1);
	tsc_set_hz((uint64_t)(t->tsc_shift >= 0 ? hz >> t->tsc_shift : hz << -t->tsc_shift));
}

uint64_t xen_monotonic_ns(void) { return pvclock_clock_ns(&clock); }

uint64_t xen_system_time_ns(void) { return pvclock_clock_system_time(&clock, xen_monotonic_ns()); }

uint64_t xen_wallclock_ns(void)
{
	uint64_t wc = pvclock_wall_ns((const volatile void *)&xen_shared->wc_version,
				      &xen_shared->wc_sec_hi);
	return wc + xen_system_time_ns();
}

void xen_timer_set(uint64_t deadline_ns)
{
	if (deadline_ns == UINT64_MAX) {
		xen_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
		return;
	}
	/* The timer runs on Xen's own clock, which our pvclock reading of it
	 * can miss by a lot when Xen itself is virtualized (nested in QEMU TCG:
	 * up to ~100 ms between Xen's recalibrations). So hand Xen the time
	 * left, added to its own "now", rather than our idea of the deadline.
	 * HVMOP_get_time serves PV guests too; the pvclock is the fallback. */
	struct xen_hvm_get_time xen_now;
	uint64_t abs;
	if (xen_hvm_op(HVMOP_get_time, &xen_now) == 0) {
		uint64_t now = xen_monotonic_ns();
		abs = xen_now.now + (deadline_ns > now ? deadline_ns - now : 0);
	} else {
		abs = pvclock_clock_system_time(&clock, deadline_ns);
	}
	/* No VCPU_SSHOTTMR_future: a deadline already past fires at once. */
	struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = abs };
	long rc = xen_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
	if (rc < 0)
		panic("Xen refused the one-shot timer (error %ld)", rc);
}

/* The timer only has to wake the CPU: the scheduler runs due timers itself
 * once idle() returns. */
static void timer_event(evtchn_port_t port, void *arg)
{
	(void)port, (void)arg;
	kernel_timer_interrupt();
}

int xen_timer_init(void)
{
	/* Tickless: no periodic timer (PV guests start with a 100 Hz one). */
	xen_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	int port = evtchn_bind_virq(VIRQ_TIMER, timer_event, NULL);
	if (port < 0) {
		kprintf("amphi: cannot bind the Xen timer VIRQ (error %d)\n", port);
		return port;
	}
	if (kernel_verbose())
		kprintf("amphi: timer on event channel %d, clock Xen pvclock\n", port);
	return 0;
}

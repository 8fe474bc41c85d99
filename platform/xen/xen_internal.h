/* What the Xen platform files share (PV and PVH alike). */
#ifndef AMPHI_XEN_INTERNAL_H
#define AMPHI_XEN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "evtchn.h"
#include "hypercall.h"
#include "xenabi.h"

#define PAGE_SHIFT 12

/* Shared info, mapped by the entry-specific code before anything else. */
extern struct shared_info *xen_shared;
/* The xenstore ring and its event channel, as the domain builder left them. */
extern void *xen_store_ring;
extern evtchn_port_t xen_store_port;

/* What differs between PV and PVH beyond struct platform. */
struct xen_ops {
	/* Make Xen's grant table frames appear at va (n pages): 0 or -errno. */
	int (*grant_frames)(void *va, unsigned n);
	/* The frame number other domains know our page pfn by (PV: the MFN). */
	uint64_t (*gfn)(uint64_t pfn);
};
extern const struct xen_ops *xen_ops;

/* common.c: what both platforms' init end with, once the entry-specific
 * part found the pages: the console and xenstore rings (NULL: none), shared
 * info (NULL: Xen refused to map it, reported here) and the clock. 0 or
 * -errno; the kernel stops on failure. */
int xen_common_init(const struct xen_ops *ops, struct shared_info *shared, void *console_ring,
		    evtchn_port_t console_port, void *store_ring, evtchn_port_t store_port,
		    uint64_t entry_tsc);
/* And late_init's tail, once events reach us (events: how, for the verbose
 * line): the one-shot timer. 0 or -errno. */
int xen_common_late_init(const char *events, uint64_t console_pfn, uint64_t store_pfn);

/* console.c: the PV console ring. */
void xen_console_init(void *ring_page, evtchn_port_t evtchn);
void xen_console_write(const char *buf, size_t len);
void xen_console_flush(void); /* wait (bounded) until dom0 has read it all */

/* vcpu_time.c: pvclock on vcpu_info[0].time, one-shot timer on VIRQ_TIMER. */
void xen_time_init(uint64_t entry_tsc);
uint64_t xen_monotonic_ns(void);
uint64_t xen_system_time_ns(void); /* Xen's own clock (ns since Xen booted) */
uint64_t xen_wallclock_ns(void);
int xen_timer_init(void); /* needs the event upcall; 0 or -errno */
void xen_timer_set(uint64_t deadline_ns);

/* shutdown.c: print the exit status, then power off (or crash on a panic). */
__attribute__((noreturn)) void xen_poweroff(int status);
#endif

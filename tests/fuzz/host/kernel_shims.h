/* Kernel services for harnesses that drive driver code (xenstore, netfront):
 * one host thread plays every kernel thread. A thread the driver creates is
 * run by fuzz_run_threads() until it blocks (event_wait on an event nobody
 * signalled), which unwinds it; it starts from its function again the next
 * time. That is faithful for the threads driven this way, whose only block
 * is at the top of a loop with no state kept across iterations (xenstore's
 * reader). Time is fuzz_now_ns and moves only when a wait times out. */
#ifndef AMPHI_FUZZ_KERNEL_SHIMS_H
#define AMPHI_FUZZ_KERNEL_SHIMS_H

#include <stdint.h>

#include "platform/xen/evtchn.h"

extern uint64_t fuzz_now_ns;
/* What xen_store_find() (platform/xen/store.c) hands the driver: the
 * harness sets them (NULL: no xenstore). */
extern void *xen_store_ring;
extern evtchn_port_t xen_store_port;
/* Run every live driver thread until it blocks. */
void fuzz_run_threads(void);
/* Forget every thread and event-channel binding (between inputs). */
void fuzz_reset_kernel(void);
/* What the driver bound to port with evtchn_bind, and raising it. */
void fuzz_evtchn_raise(evtchn_port_t port);
/* The harness's other end of an event channel (a backend being notified). */
void fuzz_backend_notified(evtchn_port_t port);

#endif

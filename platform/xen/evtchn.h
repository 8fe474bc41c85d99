/*
 * Xen event channels, 2-level ABI: Xen sets a port's bit in shared_info's
 * pending bitmap, its selector bit in vcpu_info, and raises the upcall (PVH:
 * an interrupt vector; PV: the event callback). The upcall scans the bitmap
 * and calls each port's handler.
 *
 * Handlers run like interrupt handlers (arch/irq.h rules): events
 * off, on the interrupt path, never blocking; they wake threads with
 * event_signal()/waitq_wake_*(). A port is bound with its handler and
 * unmasked; events on a port with no handler are cleared and ignored.
 */
#ifndef AMPHI_XEN_EVTCHN_H
#define AMPHI_XEN_EVTCHN_H

#include <stdint.h>

#include "xenabi.h"

typedef void (*evtchn_handler_fn)(evtchn_port_t port, void *arg);

/* Attach a handler to a port we already have, then unmask it. 0 or -errno. */
int evtchn_bind(evtchn_port_t port, evtchn_handler_fn fn, void *arg);
/* A new port for virtual IRQ virq on vCPU 0, bound to fn; port or -errno. */
int evtchn_bind_virq(uint32_t virq, evtchn_handler_fn fn, void *arg);
/* A new port that domain remote may connect to (for a backend to bind). */
int evtchn_alloc_unbound(domid_t remote, evtchn_handler_fn fn, void *arg);
/* Connect to remote's unbound port. */
int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_handler_fn fn,
			    void *arg);
/* Mask, drop the handler and close the port. */
void evtchn_close(evtchn_port_t port);

void evtchn_mask(evtchn_port_t port);
void evtchn_unmask(evtchn_port_t port);
/* Notify the other end. */
void xen_evtchn_send(evtchn_port_t port);

/* The upcall: run the handlers of every pending, unmasked port. */
void evtchn_upcall(void);

#endif

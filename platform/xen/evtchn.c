/* 2-level event channels (evtchn.h). */
#include "evtchn.h"

#include <errno.h>

#include "arch/arch.h"
#include "xen_internal.h"

#define WORD_BITS (8 * sizeof(xen_ulong_t))
#define NR_PORTS (WORD_BITS * WORD_BITS)

static struct {
	evtchn_handler_fn fn;
	void *arg;
} handlers[NR_PORTS];

void xen_evtchn_send(evtchn_port_t port)
{
	struct evtchn_send send = { .port = port };
	xen_event_channel_op(EVTCHNOP_send, &send);
}

void evtchn_mask(evtchn_port_t port)
{
	if (port < NR_PORTS)
		__atomic_fetch_or(&xen_shared->evtchn_mask[port / WORD_BITS], 1ul << (port % WORD_BITS),
				  __ATOMIC_SEQ_CST);
}

void evtchn_unmask(evtchn_port_t port)
{
	/* Through Xen: it re-raises the upcall if the port became pending while
	 * masked, which clearing the bit ourselves would miss. */
	struct evtchn_unmask unmask = { .port = port };
	if (port < NR_PORTS)
		xen_event_channel_op(EVTCHNOP_unmask, &unmask);
}

int evtchn_bind(evtchn_port_t port, evtchn_handler_fn fn, void *arg)
{
	if (port >= NR_PORTS || !fn)
		return -EINVAL;
	unsigned long irq = arch_irq_save();
	int busy = handlers[port].fn != NULL;
	if (!busy)
		handlers[port].fn = fn, handlers[port].arg = arg;
	arch_irq_restore(irq);
	if (busy)
		return -EBUSY;
	evtchn_unmask(port);
	return 0;
}

/* A port Xen just gave us: bind it, or close it again. */
static int bind_new(long rc, evtchn_port_t port, evtchn_handler_fn fn, void *arg)
{
	if (rc < 0)
		return (int)rc;
	rc = evtchn_bind(port, fn, arg);
	if (rc < 0) {
		struct evtchn_close close = { .port = port };
		xen_event_channel_op(EVTCHNOP_close, &close);
		return (int)rc;
	}
	return (int)port;
}

int evtchn_bind_virq(uint32_t virq, evtchn_handler_fn fn, void *arg)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = 0 };
	long rc = xen_event_channel_op(EVTCHNOP_bind_virq, &op);
	return bind_new(rc, op.port, fn, arg);
}

int evtchn_alloc_unbound(domid_t remote, evtchn_handler_fn fn, void *arg)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote };
	long rc = xen_event_channel_op(EVTCHNOP_alloc_unbound, &op);
	return bind_new(rc, op.port, fn, arg);
}

int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_handler_fn fn,
			    void *arg)
{
	struct evtchn_bind_interdomain op = { .remote_dom = remote, .remote_port = remote_port };
	long rc = xen_event_channel_op(EVTCHNOP_bind_interdomain, &op);
	return bind_new(rc, op.local_port, fn, arg);
}

void evtchn_close(evtchn_port_t port)
{
	if (port >= NR_PORTS)
		return;
	evtchn_mask(port);
	unsigned long irq = arch_irq_save();
	handlers[port].fn = NULL;
	handlers[port].arg = NULL;
	arch_irq_restore(irq);
	struct evtchn_close close = { .port = port };
	xen_event_channel_op(EVTCHNOP_close, &close);
}

void evtchn_upcall(void)
{
	volatile struct vcpu_info *v = &xen_shared->vcpu_info[0];
	while (v->evtchn_upcall_pending) {
		/* Clear the flag before scanning: an event set meanwhile raises it
		 * again and we go round once more. */
		v->evtchn_upcall_pending = 0;
		xen_ulong_t sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned w = (unsigned)__builtin_ctzl(sel);
			sel &= sel - 1;
			xen_ulong_t pending;
			while ((pending = xen_shared->evtchn_pending[w] & ~xen_shared->evtchn_mask[w])) {
				unsigned b = (unsigned)__builtin_ctzl(pending);
				evtchn_port_t port = w * WORD_BITS + b;
				__atomic_fetch_and(&xen_shared->evtchn_pending[w], ~(1ul << b),
						   __ATOMIC_SEQ_CST);
				if (handlers[port].fn)
					handlers[port].fn(port, handlers[port].arg);
			}
		}
	}
}

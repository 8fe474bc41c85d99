/*
 * The console's input on Xen (PV and PVH): what xenconsoled puts in the
 * input half of the PV console's ring (xl console, or a write to the
 * domain's console pty in dom0) goes to the console (kernel/console.h) on
 * each event of the console's channel. Output stays the platform's.
 */
#include "kernel/console.h"
#include "kernel/device.h"
#include "kernel/printk.h"
#include "platform/xen/xen.h"

static volatile struct xencons_interface *ring;
static evtchn_port_t port;

static void console_event(evtchn_port_t p, void *arg)
{
	(void)p, (void)arg;
	char buf[64];
	XENCONS_RING_IDX cons = ring->in_cons, prod = ring->in_prod;
	__atomic_thread_fence(__ATOMIC_ACQUIRE); /* the index before the bytes */
	if (prod - cons > sizeof(ring->in)) { /* an index no honest writer sets */
		ring->in_cons = prod;
		return;
	}
	while (cons != prod) {
		size_t n = 0;
		while (n < sizeof(buf) && cons != prod)
			buf[n++] = ring->in[MASK_XENCONS_IDX(cons++, ring->in)];
		console_input(buf, n);
	}
	__atomic_thread_fence(__ATOMIC_RELEASE); /* done with the bytes before freeing them */
	ring->in_cons = cons;
	xen_evtchn_send(port);
}

static void xen_console_input_start(void)
{
	if (xen_console_find(&ring, &port) < 0)
		return;
	int rc = evtchn_bind(port, console_event, NULL);
	if (rc < 0) {
		kprintf("xen console: cannot take its input (error %d): stdin is at end of file\n", rc);
		return;
	}
	console_input_enable();
	console_event(port, NULL); /* what came before the handler */
}

DRIVER(xen_console_input, .name = "xen console input", .order = DRIVER_ORDER_CONSOLE,
       .start = xen_console_input_start);

/* The PV console: a shared ring page read by xenconsoled in dom0, plus an
 * event channel to tell it there is output. (CONSOLEIO_write is refused to
 * unprivileged guests on release builds of Xen.) Works from any context,
 * traps included: it only touches the ring and makes hypercalls. */
#include <errno.h>

#include "xen_internal.h"
#include "xen.h"

static volatile struct xencons_interface *ring;
static evtchn_port_t port;

void xen_console_init(void *ring_page, evtchn_port_t evtchn)
{
	ring = ring_page;
	port = evtchn;
}

/* Wait (bounded: xenconsoled may be gone) for the ring to have room or, with
 * room == 0, to be empty. Yields the CPU meanwhile instead of spinning. */
static int wait_for_room(uint32_t room)
{
	for (int tries = 0; tries < 100000; tries++) {
		uint32_t used = ring->out_prod - ring->out_cons;
		if (used > sizeof(ring->out))
			return -1; /* an index no honest reader sets */
		if (room ? sizeof(ring->out) - used >= room : used == 0)
			return 0;
		xen_evtchn_send(port);
		xen_sched_op(SCHEDOP_yield, NULL);
	}
	return -1;
}

void xen_console_write(const char *buf, size_t len)
{
	if (!ring)
		return;
	while (len) {
		if (wait_for_room(1) < 0)
			return; /* nobody reads: drop rather than hang */
		uint32_t prod = ring->out_prod;
		__atomic_thread_fence(__ATOMIC_ACQUIRE); /* read out_cons before reusing slots */
		uint32_t cons = ring->out_cons; /* once: xenconsoled may move it meanwhile */
		if (prod - cons > sizeof(ring->out))
			return; /* an index no honest reader sets: drop */
		while (len && prod - cons < sizeof(ring->out)) {
			ring->out[MASK_XENCONS_IDX(prod, ring->out)] = *buf++;
			prod++;
			len--;
		}
		__atomic_thread_fence(__ATOMIC_RELEASE); /* the bytes before the index */
		ring->out_prod = prod;
		xen_evtchn_send(port);
	}
}

void xen_console_flush(void)
{
	if (ring)
		wait_for_room(0);
}

int xen_console_find(volatile struct xencons_interface **ring_out, evtchn_port_t *port_out)
{
	if (!ring)
		return -ENODEV;
	*ring_out = ring;
	*port_out = port;
	return 0;
}

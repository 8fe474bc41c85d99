/*
 * Xen netfront's rings (the xenstore side is netfront_xs.c): a NIC whose other end is netback in dom0. Two shared rings
 * (TX, RX) of requests and responses, one event channel, and one granted page
 * per packet buffer: the backend copies received frames into our RX pages
 * (request-rx-copy) and reads frames from our TX pages. Single-slot frames
 * only (no feature-sg, no GSO), checksums always complete
 * (feature-no-csum-offload). Every response is checked before use: ring
 * indices, ids, status and offset+length within the page; a broken ring
 * stops the device rather than corrupting memory.
 */
#include "netfront.h"

#include <errno.h>
#include <string.h>

#include "arch/arch.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/thread.h"

static void notify(struct netfront *nf) { xen_evtchn_send(nf->port); }

static void stop(struct netfront *nf, const char *why)
{
	if (!nf->broken)
		kprintf("%s: %s; device stopped\n", nf->nd.name, why);
	nf->broken = 1;
	nf->connected = 0;
	evtchn_mask(nf->port);
	unsigned long irq = arch_irq_save();
	waitq_wake_all(&nf->tx_wait);
	arch_irq_restore(irq);
}

/* ---- receive ---- */

void rx_post_all(struct netfront *nf)
{
	for (uint16_t id = 0; id < NR_RX; id++) {
		if (nf->rxs[id].posted)
			continue;
		netif_rx_request_t *req = RING_GET_REQUEST(&nf->rx, nf->rx.req_prod_pvt);
		req->id = id;
		req->gref = (grant_ref_t)nf->rxs[id].ref;
		nf->rxs[id].posted = 1;
		nf->rx.req_prod_pvt++;
	}
	int need;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->rx, need);
	if (need)
		notify(nf);
}

static void rx_deliver(struct netfront *nf, uint8_t *frame, size_t len, unsigned flags)
{
	netdev_deliver(&nf->nd, frame, len, flags & NETRXF_data_validated ? NETDEV_RX_CSUM_OK : 0);
}

static void rx_drain(struct netfront *nf)
{
	int more;
	do {
		/* Once: the backend may move it while we check and use it. */
		RING_IDX prod = *(volatile RING_IDX *)&nf->rx.sring->rsp_prod;
		xen_rmb(); /* responses after the index */
		if (prod - nf->rx.rsp_cons > RING_SIZE(&nf->rx) ||
		    prod - nf->rx.rsp_cons > nf->rx.req_prod_pvt - nf->rx.rsp_cons) {
			stop(nf, "backend's RX ring index is out of range");
			return;
		}
		for (; nf->rx.rsp_cons != prod; nf->rx.rsp_cons++) {
			/* One read of each field: the backend may rewrite the slot. */
			netif_rx_response_t r = *(volatile netif_rx_response_t *)RING_GET_RESPONSE(
				&nf->rx, nf->rx.rsp_cons);
			if (r.id >= NR_RX || !nf->rxs[r.id].posted) {
				stop(nf, "backend answered an RX request we never made");
				return;
			}
			nf->rxs[r.id].posted = 0;
			if (r.flags & (NETRXF_more_data | NETRXF_extra_info)) {
				/* Neither was negotiated: the slots that follow would be
				 * misread, so the ring cannot be trusted any more. */
				stop(nf, "backend sent a multi-slot frame");
				return;
			}
			if (r.status <= 0 || (unsigned)r.offset + (unsigned)r.status > PAGE_SIZE) {
				nf->nd.stats.rx_errors++;
				continue;
			}
			rx_deliver(nf, nf->rxs[r.id].page + r.offset, (size_t)r.status, r.flags);
			if (!nf->connected)
				return; /* unplugged while the stack had the frame */
		}
		rx_post_all(nf);
		RING_FINAL_CHECK_FOR_RESPONSES(&nf->rx, more);
	} while (more && !nf->broken);
}

/* ---- transmit ---- */

static void tx_reclaim(struct netfront *nf)
{
	int more;
	do {
		RING_IDX prod = *(volatile RING_IDX *)&nf->tx.sring->rsp_prod; /* once */
		xen_rmb();
		if (prod - nf->tx.rsp_cons > nf->tx.req_prod_pvt - nf->tx.rsp_cons) {
			stop(nf, "backend's TX ring index is out of range");
			return;
		}
		for (; nf->tx.rsp_cons != prod; nf->tx.rsp_cons++) {
			netif_tx_response_t r = *(volatile netif_tx_response_t *)RING_GET_RESPONSE(
				&nf->tx, nf->tx.rsp_cons);
			if (r.status == NETIF_RSP_NULL)
				continue; /* the answer to an extra slot; we send none */
			if (r.id >= NR_TX || !nf->txs[r.id].busy) {
				stop(nf, "backend answered a TX request we never made");
				return;
			}
			if (r.status != NETIF_RSP_OKAY)
				nf->nd.stats.tx_errors++;
			nf->txs[r.id].busy = 0;
			nf->tx_free++;
		}
		RING_FINAL_CHECK_FOR_RESPONSES(&nf->tx, more);
	} while (more);
	unsigned long irq = arch_irq_save();
	waitq_wake_all(&nf->tx_wait);
	arch_irq_restore(irq);
}

static int nf_transmit(struct netdev *nd, const struct netdev_frag *frags, unsigned nfrags,
		       size_t len, const struct netdev_tx_csum *csum)
{
	struct netfront *nf = (struct netfront *)nd;
	(void)csum; /* never offered */
	if (len > PAGE_SIZE)
		return -EINVAL;
	uint64_t deadline = time_now_ns() + 1000000000ull;
	for (;;) {
		if (nf->broken || !nf->connected)
			return -EIO; /* also while the backend is away (hot-unplug) */
		tx_reclaim(nf);
		if (nf->tx_free)
			break;
		if (time_now_ns() >= deadline)
			return -EIO; /* the backend took no frame for a second */
		/* Reclaim here, not in nf_thread: that thread may be the caller
		 * (an ACK sent from the receive path) or waiting for the stack's
		 * lock this caller holds. The event handler wakes tx_wait; the
		 * check with interrupts off closes the window after tx_reclaim's
		 * final check in which a response would wake nobody. */
		unsigned long irq = arch_irq_save();
		if (!RING_HAS_UNCONSUMED_RESPONSES(&nf->tx))
			waitq_wait(&nf->tx_wait, deadline);
		arch_irq_restore(irq);
	}
	uint16_t id = 0;
	while (nf->txs[id].busy)
		id++;
	nf->txs[id].busy = 1;
	nf->tx_free--;
	netdev_frags_copy(nf->txs[id].page, frags, nfrags);
	netif_tx_request_t *req = RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt);
	*req = (netif_tx_request_t){ .gref = (grant_ref_t)nf->txs[id].ref, .offset = 0, .flags = 0,
				     .id = id, .size = (uint16_t)len };
	nf->tx.req_prod_pvt++;
	int need;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, need);
	if (need)
		notify(nf);
	return 0;
}

static int nf_link_up(struct netdev *nd) { return ((struct netfront *)nd)->connected; }

const struct netdev_ops nf_ops = { .transmit = nf_transmit, .link_up = nf_link_up };

void nf_event(evtchn_port_t port, void *arg)
{
	(void)port;
	struct netfront *nf = arg;
	nf->nd.stats.interrupts++;
	event_signal(&nf->ev);
	waitq_wake_all(&nf->tx_wait);
}

/* Rings and buffers: only while connected (the link thread takes them down). */
void *nf_thread(void *arg)
{
	struct netfront *nf = arg;
	while (!nf->broken) {
		event_wait(&nf->ev);
		if (!nf->connected)
			continue;
		tx_reclaim(nf);
		rx_drain(nf);
	}
	return NULL;
}


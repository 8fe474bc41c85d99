/*
 * Xen netfront: a NIC whose other end is netback in dom0. Two shared rings
 * (TX, RX) of requests and responses, one event channel, and one granted page
 * per packet buffer: the backend copies received frames into our RX pages
 * (request-rx-copy) and reads frames from our TX pages. Single-slot frames
 * only (no feature-sg, no GSO), checksums always complete
 * (feature-no-csum-offload). Every response is checked before use: ring
 * indices, ids, status and offset+length within the page; a broken ring
 * stops the device rather than corrupting memory.
 */
#include <errno.h>
#include <string.h>

#include "arch/arch.h"
#include "kernel/mm.h"
#include "kernel/net/netdev.h"
#include "kernel/printk.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "platform/xen/xen.h"
#include "xenbus.h"
#include "xenstore.h"

/* The barriers xen/io/ring.h asks for. x86 keeps stores in order and loads
 * in order; only store-then-load needs a fence. */
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __asm__ volatile("" : : : "memory")
#define xen_wmb() __asm__ volatile("" : : : "memory")
#include <xen/io/netif.h>
#include <xen/io/xenbus.h>

/* Half the ring each (1 MiB of pages per vif). Netback answers a TX request
 * only once dom0's stack has freed the frame (it maps our page beyond the
 * first 128 bytes), so a TCP window plus its ACKs is in flight: with 32 the
 * sender waited for slots (measured: up to 128 in flight). */
#define NR_RX 128
#define NR_TX 128
#define CONNECT_TIMEOUT_NS 10000000000ull
#define MAX_VIFS 4

_Static_assert(NR_RX <= __CONST_RING_SIZE(netif_rx, PAGE_SIZE), "RX buffers fit the ring");
_Static_assert(NR_TX <= __CONST_RING_SIZE(netif_tx, PAGE_SIZE), "TX buffers fit the ring");

struct netfront {
	struct netdev nd;
	char id[8], fe[32], be[160];
	domid_t be_id;
	evtchn_port_t port;
	netif_tx_front_ring_t tx;
	netif_rx_front_ring_t rx;
	struct {
		uint8_t *page;
		int ref;
		int busy;
	} txs[NR_TX];
	struct {
		uint8_t *page;
		int ref;
		int posted;
	} rxs[NR_RX];
	unsigned tx_free;
	int tx_ring_ref, rx_ring_ref;
	int connected, broken;
	struct event ev;
	struct waitq tx_wait;
	char info[64];
};

static struct netfront vifs[MAX_VIFS];

static void *page_alloc(void)
{
	uint64_t pa = pmem_alloc();
	if (!pa)
		return NULL;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return phys_to_virt(pa);
}

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

static void rx_post_all(struct netfront *nf)
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
	netdev_rx_fn fn = __atomic_load_n(&nf->nd.rx, __ATOMIC_ACQUIRE);
	if (!fn || len < ETH_HLEN || len > nf->nd.mtu + ETH_HLEN + ETH_VLAN_HLEN) {
		nf->nd.stats.rx_dropped++;
		return;
	}
	nf->nd.stats.rx_frames++;
	nf->nd.stats.rx_bytes += len;
	fn(&nf->nd, frame, len, flags & NETRXF_data_validated ? NETDEV_RX_CSUM_OK : 0, nf->nd.rx_arg);
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
	if (csum || netdev_frags_len(frags, nfrags) != len || len < ETH_HLEN || len > PAGE_SIZE || len > nd->mtu + ETH_HLEN + ETH_VLAN_HLEN)
		return -EINVAL;
	uint64_t deadline = time_now_ns() + 1000000000ull;
	for (;;) {
		if (nf->broken || !nf->connected)
			return -EIO; /* also while the backend is away (hot-unplug) */
		tx_reclaim(nf);
		if (nf->tx_free)
			break;
		if (time_now_ns() >= deadline) {
			nd->stats.tx_errors++;
			return -EIO; /* the backend took no frame for a second */
		}
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
	nd->stats.tx_frames++;
	nd->stats.tx_bytes += len;
	return 0;
}

static int nf_link_up(struct netdev *nd) { return ((struct netfront *)nd)->connected; }

static const struct netdev_ops nf_ops = { .transmit = nf_transmit, .link_up = nf_link_up };

static void nf_event(evtchn_port_t port, void *arg)
{
	(void)port;
	struct netfront *nf = arg;
	nf->nd.stats.interrupts++;
	event_signal(&nf->ev);
	waitq_wake_all(&nf->tx_wait);
}

/* Rings and buffers: only while connected (the link thread takes them down). */
static void *nf_thread(void *arg)
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

/* ---- start-up ---- */

static int parse_mac(const char *s, uint8_t mac[ETH_ALEN])
{
	for (int i = 0; i < ETH_ALEN; i++) {
		unsigned v = 0;
		for (int j = 0; j < 2; j++, s++) {
			char c = *s;
			unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
				     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
				     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
							    : 16u;
			if (d > 15)
				return -EPROTO;
			v = v * 16 + d;
		}
		mac[i] = (uint8_t)v;
		if (*s != (i == ETH_ALEN - 1 ? '\0' : ':'))
			return -EPROTO;
		if (*s)
			s++;
	}
	return 0;
}

static int write_node(uint32_t tx, const char *dir, const char *node, long value)
{
	char path[192], val[24];
	ksnprintf(path, sizeof(path), "%s/%s", dir, node);
	ksnprintf(val, sizeof(val), "%ld", value);
	return xs_write(tx, path, val);
}

/* Ring references, event channel and features, all in one transaction. */
static int publish(uint32_t tx, void *arg)
{
	struct netfront *nf = arg;
	int rc = write_node(tx, nf->fe, "tx-ring-ref", nf->tx_ring_ref);
	if (!rc)
		rc = write_node(tx, nf->fe, "rx-ring-ref", nf->rx_ring_ref);
	if (!rc)
		rc = write_node(tx, nf->fe, "event-channel", nf->port);
	if (!rc)
		rc = write_node(tx, nf->fe, "request-rx-copy", 1);
	if (!rc)
		rc = write_node(tx, nf->fe, "feature-rx-notify", 1);
	if (!rc)
		rc = write_node(tx, nf->fe, "feature-no-csum-offload", 1);
	return rc;
}

/* Grant a fresh page to the backend: its reference, or -errno. */
static int grant_page(struct netfront *nf, uint8_t **page, int readonly)
{
	*page = page_alloc();
	if (!*page)
		return -ENOMEM;
	return gnttab_grant(nf->be_id, (uintptr_t)*page, readonly);
}

/* Where the toolstack put vif id: backend path and domain, MAC. */
static int nf_identify(struct netfront *nf, const char *id, uint8_t mac[ETH_ALEN])
{
	char buf[160], text[24];
	long be_id;
	int rc;
	ksnprintf(nf->id, sizeof(nf->id), "%s", id);
	ksnprintf(nf->fe, sizeof(nf->fe), "device/vif/%s", id);
	ksnprintf(buf, sizeof(buf), "%s/backend", nf->fe);
	if ((rc = xs_read(0, buf, nf->be, sizeof(nf->be))) < 0)
		return rc;
	if ((rc = xenbus_read_int(nf->fe, "backend-id", &be_id)) < 0)
		return rc;
	if (be_id < 0 || be_id >= DOMID_FIRST_RESERVED)
		return -EPROTO;
	nf->be_id = (domid_t)be_id;
	ksnprintf(buf, sizeof(buf), "%s/mac", nf->fe);
	if ((rc = xs_read(0, buf, text, sizeof(text))) < 0)
		return rc;
	return parse_mac(text, mac);
}

/* Fresh rings and buffers granted to the backend, then the handshake. */
static int nf_connect(struct netfront *nf)
{
	netif_tx_sring_t *txs;
	netif_rx_sring_t *rxs;
	int rc;
	if ((nf->tx_ring_ref = grant_page(nf, (uint8_t **)&txs, 0)) < 0)
		return nf->tx_ring_ref;
	if ((nf->rx_ring_ref = grant_page(nf, (uint8_t **)&rxs, 0)) < 0)
		return nf->rx_ring_ref;
	SHARED_RING_INIT(txs);
	SHARED_RING_INIT(rxs);
	FRONT_RING_INIT(&nf->tx, txs, PAGE_SIZE);
	FRONT_RING_INIT(&nf->rx, rxs, PAGE_SIZE);
	for (unsigned i = 0; i < NR_TX; i++) {
		nf->txs[i].busy = 0;
		if ((nf->txs[i].ref = grant_page(nf, &nf->txs[i].page, 1)) < 0)
			return nf->txs[i].ref;
	}
	for (unsigned i = 0; i < NR_RX; i++) {
		nf->rxs[i].posted = 0;
		if ((nf->rxs[i].ref = grant_page(nf, &nf->rxs[i].page, 0)) < 0)
			return nf->rxs[i].ref;
	}
	nf->tx_free = NR_TX;

	rc = evtchn_alloc_unbound(nf->be_id, nf_event, nf);
	if (rc < 0)
		return rc;
	nf->port = (evtchn_port_t)rc;
	rx_post_all(nf);
	if ((rc = xs_transaction(publish, nf)) < 0)
		return rc;
	if ((rc = xenbus_set_state(nf->fe, XenbusStateConnected)) < 0)
		return rc;
	if ((rc = xenbus_wait_state(nf->be, XenbusStateConnected, CONNECT_TIMEOUT_NS)) < 0)
		return rc;
	ksnprintf(nf->info, sizeof(nf->info), "Xen netfront vif %s, backend domain %u", nf->id,
		  nf->be_id);
	nf->nd.info = nf->info;
	nf->connected = 1;
	event_signal(&nf->ev);
	return 0;
}

/* Revoke a page's grant and free it; a page the backend still maps is kept
 * (leaked) rather than handed out again. */
static void ungrant_page(int ref, uint8_t *page)
{
	if (ref < 0 || !page)
		return;
	for (int tries = 0; tries < 50; tries++) {
		int rc = gnttab_end((uint32_t)ref);
		if (rc == 0) {
			pmem_free((uintptr_t)page);
			return;
		}
		if (rc != -EBUSY)
			return;
		thread_sleep_ns(100000000); /* the backend unmaps as it disconnects */
	}
}

/* The backend is going away: stop using the rings, give everything back. */
static void nf_disconnect(struct netfront *nf)
{
	nf->connected = 0;
	unsigned long irq = arch_irq_save();
	waitq_wake_all(&nf->tx_wait);
	arch_irq_restore(irq);
	evtchn_close(nf->port);
	/* Our Closing makes the backend unmap the rings (its own Closing); it
	 * goes Closed once we are. */
	xenbus_set_state(nf->fe, XenbusStateClosing);
	xenbus_wait_state(nf->be, XenbusStateClosing, CONNECT_TIMEOUT_NS);
	ungrant_page(nf->tx_ring_ref, (uint8_t *)nf->tx.sring);
	ungrant_page(nf->rx_ring_ref, (uint8_t *)nf->rx.sring);
	for (unsigned i = 0; i < NR_TX; i++)
		ungrant_page(nf->txs[i].ref, nf->txs[i].page);
	for (unsigned i = 0; i < NR_RX; i++)
		ungrant_page(nf->rxs[i].ref, nf->rxs[i].page);
	xenbus_set_state(nf->fe, XenbusStateClosed);
	nf->id[0] = '\0'; /* the toolstack may plug the next vif in under the same id */
}

static int vif_in_use(const char *id)
{
	for (unsigned i = 0; i < MAX_VIFS; i++)
		if (vifs[i].nd.ops && !strcmp(vifs[i].id, id))
			return 1;
	return 0;
}

/* A vif the toolstack just added (state Initialising) that no device has. */
static int find_new_vif(char *id, size_t cap)
{
	char buf[256], fe[32];
	const char *ids[8];
	int n = xs_directory(0, "device/vif", buf, sizeof(buf), ids, 8);
	for (int i = 0; i < n && i < 8; i++) {
		long state;
		ksnprintf(fe, sizeof(fe), "device/vif/%s", ids[i]);
		if (!vif_in_use(ids[i]) && xenbus_read_int(fe, "state", &state) == 0 &&
		    state == XenbusStateInitialising && strlen(ids[i]) < cap) {
			strcpy(id, ids[i]);
			return 0;
		}
	}
	return -ENOENT;
}

/* Follows the backend: on hot-unplug, disconnect; when a new vif is plugged
 * in, connect it as the same device (same netdev, same MAC for the stack). */
static void *nf_link_thread(void *arg)
{
	struct netfront *nf = arg;
	while (!nf->broken) {
		int rc = xenbus_wait_state(nf->be, XenbusStateClosing, UINT64_MAX / 2);
		if (rc < 0 && rc != -ENODEV && rc != -ETIMEDOUT)
			thread_sleep_ns(1000000000); /* xenstore trouble: look again later */
		if (rc < XenbusStateClosing && rc != -ENODEV)
			continue;
		kprintf("%s: backend going away; disconnecting\n", nf->nd.name);
		nf_disconnect(nf);
		struct xs_watch w;
		if (xs_watch_add(&w, "device/vif") < 0)
			return NULL;
		char id[8];
		uint8_t mac[ETH_ALEN];
		for (;;) {
			xs_watch_wait(&w, 0);
			if (find_new_vif(id, sizeof(id)) < 0)
				continue;
			if ((rc = nf_identify(nf, id, mac)) == 0 && (rc = nf_connect(nf)) == 0)
				break;
			kprintf("%s: vif %s unusable (error %d)\n", nf->nd.name, id, rc);
		}
		xs_watch_remove(&w);
		kprintf("%s: reconnected as vif %s\n", nf->nd.name, id);
	}
	return NULL;
}

static int nf_start(struct netfront *nf, const char *id, unsigned index)
{
	ksnprintf(nf->nd.name, sizeof(nf->nd.name), "xen-net%u", index);
	int rc = nf_identify(nf, id, nf->nd.mac);
	if (rc < 0)
		return rc;
	nf->nd.mtu = 1500;
	event_init(&nf->ev);
	waitq_init(&nf->tx_wait);
	if ((rc = nf_connect(nf)) < 0)
		return rc;
	if (!thread_create(nf->nd.name, nf_thread, nf, 0) ||
	    !thread_create("xen-net-link", nf_link_thread, nf, 0))
		return -ENOMEM;
	nf->nd.ops = &nf_ops;
	return 0;
}

void xen_netfront_probe(void)
{
	static int probed;
	if (probed)
		return;
	probed = 1;
	char buf[256];
	const char *ids[MAX_VIFS];
	int n = xs_directory(0, "device/vif", buf, sizeof(buf), ids, MAX_VIFS);
	if (n <= 0)
		return; /* not on Xen, or no vif */
	unsigned found = 0;
	for (int i = 0; i < n && i < MAX_VIFS; i++) {
		struct netfront *nf = &vifs[found];
		int rc = nf_start(nf, ids[i], found);
		if (rc < 0) {
			kprintf("xen-net: vif %s unusable (error %d)\n", ids[i], rc);
			continue; /* what it allocated stays: it may be granted to the backend */
		}
		netdev_register(&nf->nd);
		found++;
	}
}

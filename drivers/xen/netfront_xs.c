/*
 * Xen netfront's xenstore side (the rings are netfront.c): find the vifs
 * the toolstack gave us, grant the rings and buffers, publish them and the
 * event channel, follow the backend's states to Connected, and follow
 * `xl network-detach`/`network-attach` (a link thread per vif).
 */
#include <errno.h>
#include <string.h>

#include "arch/arch.h"
#include "kernel/device.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/thread.h"
#include "netfront.h"
#include "xenbus.h"
#include "xenstore.h"

#define CONNECT_TIMEOUT_NS 10000000000ull
#define MAX_VIFS 4

static struct netfront vifs[MAX_VIFS];

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

static void netfront_start(void)
{
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

DRIVER(netfront_driver, .name = "xen-netfront", .order = DRIVER_ORDER_NET, .start = netfront_start);

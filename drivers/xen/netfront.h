/* What netfront's two halves share: netfront.c (the rings: receive,
 * transmit, events) and netfront_xs.c (the xenstore handshake and vif
 * hot-plug). Private to them and the harnesses that drive them. */
#ifndef AMPHI_NETFRONT_H
#define AMPHI_NETFRONT_H

#include <stdint.h>

#include "kernel/mm.h"
#include "kernel/net/netdev.h"
#include "kernel/sync.h"
#include "platform/xen/xen.h"

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

/* netfront.c */
extern const struct netdev_ops nf_ops;
/* Post every RX buffer not yet posted, and tell the backend. */
void rx_post_all(struct netfront *nf);
/* The event channel's handler, and the thread it wakes (arg: the vif). */
void nf_event(evtchn_port_t port, void *arg);
void *nf_thread(void *arg);

#endif

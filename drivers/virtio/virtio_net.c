/*
 * virtio-net (spec 5.1) behind the netdev interface. Queue 0 receives, queue 1
 * transmits. Every frame carries a struct virtio_net_hdr (10 bytes for legacy
 * devices without mergeable buffers, 12 otherwise).
 *
 * RX: all buffers are posted at start-up; the interrupt handler only signals
 * an event, and a thread per device drains the used ring, hands frames to
 * the rx callback and reposts the buffers. A frame in one buffer is lent to
 * the stack without a copy while spare buffers last: a spare goes on the ring
 * in its place, and the lent buffer becomes a spare when the stack releases
 * it. With mergeable buffers a frame may span several buffers (num_buffers);
 * those are copied together.
 * TX: each frame (in pieces) is copied into a slot (header + frame, described by an
 * indirect table of two entries when the device allows, else by two
 * descriptors); completed slots are reclaimed on the next transmit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/device.h"
#include "kernel/net/csum.h"
#include "kernel/net/netdev.h"
#include "kernel/panic.h"
#include "kernel/pmem.h"
#include "kernel/printk.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "virtio.h"

#define VIRTIO_NET_F_CSUM 0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_MRG_RXBUF 15
#define VIRTIO_NET_F_STATUS 16

#define VIRTIO_NET_S_LINK_UP 1
#define CFG_MAC 0
#define CFG_STATUS 6
#define CFG_MTU 10

#define HDR_F_NEEDS_CSUM 1
#define HDR_F_DATA_VALID 2

struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers; /* only with MRG_RXBUF or VERSION_1 */
};

#define RX_QUEUE 0
#define TX_QUEUE 1
#define BUF_SIZE 2048 /* one RX buffer or one TX slot; two per page */
#define MAX_BUFS 256
#define N_SPARE 128 /* RX buffers that can be lent to the stack at once */
/* A TX slot: the indirect table, then the header ending where the frame starts. */
#define TX_FRAME_OFF 64
#define TX_FRAME_MAX (BUF_SIZE - TX_FRAME_OFF)
/* The largest frame we accept: MTU + Ethernet header + one VLAN tag. */
#define FRAME_OVERHEAD (ETH_HLEN + ETH_VLAN_HLEN)
/* How long after publishing we re-decide a notification we skipped (see
 * virtqueue_kick_settle): long enough for both sides' stores to be visible,
 * short enough that a missed one costs little. */
#define SETTLE_NS 1000000ull

struct vnet {
	struct netdev nd;
	struct virtio_dev *vdev;
	struct virtqueue rxq, txq;
	unsigned hdr_len;
	int mergeable, one_desc_rx, indirect, polled;

	uint8_t *rx_bufs; /* n_rx + N_SPARE buffers of BUF_SIZE */
	unsigned n_rx;
	uint8_t *spare[N_SPARE]; /* buffers neither posted nor lent */
	unsigned n_spare;
	uint8_t *tx_slots; /* n_tx slots of BUF_SIZE */
	unsigned n_tx;
	uint16_t *tx_free; /* stack of free slot numbers */
	unsigned n_tx_free;
	struct mutex tx_lock;

	struct event rx_event, tx_event; /* raised by the interrupt handler */

	/* A frame spread over several mergeable buffers, being put together. */
	unsigned merge_left, merge_len;
	int merge_drop;
	uint8_t merge_frame[BUF_SIZE * 2]; /* header, then the frame */

	char info[96];

	uint64_t reported_bad_used; /* complain about a misbehaving device once */
};


/* ---- receive ---- */

static int post_rx(struct vnet *vn, uint8_t *buf)
{
	if (vn->one_desc_rx) {
		struct vq_buf b = {dma_addr(buf), BUF_SIZE};
		return virtqueue_add(&vn->rxq, &b, 0, 1, buf);
	}
	/* Legacy without ANY_LAYOUT: the header in a descriptor of its own. */
	struct vq_buf b[2] = {{dma_addr(buf), vn->hdr_len},
			      {dma_addr(buf + vn->hdr_len), BUF_SIZE - vn->hdr_len}};
	return virtqueue_add(&vn->rxq, b, 0, 2, buf);
}

/* The host left the checksum to us (NEEDS_CSUM): fill it in, if the place
 * it names lies inside the frame. */
static int complete_csum(uint8_t *frame, size_t len, const struct virtio_net_hdr *h)
{
	size_t start = h->csum_start, at = (size_t)h->csum_start + h->csum_offset;
	if (start >= len || at + 2 > len)
		return -1;
	uint16_t c = (uint16_t)~csum_fold(csum_add(frame + start, len - start, 0));
	frame[at] = (uint8_t)(c >> 8);
	frame[at + 1] = (uint8_t)c;
	return 0;
}

/* Hand a frame to the stack, its checksum finished if the host left that to
 * us; returns NETDEV_RX_KEPT if the stack kept it (only when lendable). */
static int deliver(struct vnet *vn, uint8_t *frame, size_t len, const struct virtio_net_hdr *h,
		   int lendable)
{
	unsigned flags = lendable ? NETDEV_RX_LENDABLE : 0;
	if (h->flags & HDR_F_NEEDS_CSUM) {
		if (complete_csum(frame, len, h) < 0) {
			vn->nd.stats.rx_errors++;
			return NETDEV_RX_DONE;
		}
		flags |= NETDEV_RX_CSUM_OK;
	} else if (h->flags & HDR_F_DATA_VALID) {
		flags |= NETDEV_RX_CSUM_OK;
	}
	return netdev_deliver(&vn->nd, frame, len, flags);
}

/* One used RX buffer with len bytes written (already checked <= BUF_SIZE).
 * Returns the buffer to post again: buf, or a spare if the stack kept buf. */
static uint8_t *rx_buffer(struct vnet *vn, uint8_t *buf, uint32_t len)
{
	if (vn->merge_left) { /* a continuation of a mergeable frame */
		if (!vn->merge_drop && vn->merge_len + len <= sizeof(vn->merge_frame)) {
			memcpy(vn->merge_frame + vn->merge_len, buf, len);
			vn->merge_len += len;
		} else {
			vn->merge_drop = 1;
		}
		if (--vn->merge_left == 0 && !vn->merge_drop)
			deliver(vn, vn->merge_frame + vn->hdr_len, vn->merge_len - vn->hdr_len,
				(struct virtio_net_hdr *)vn->merge_frame, 0);
		else if (vn->merge_left == 0)
			vn->nd.stats.rx_errors++;
		return buf;
	}
	if (len < vn->hdr_len) {
		vn->nd.stats.rx_errors++;
		return buf;
	}
	/* One copy of the header the device wrote: every field is then read
	 * once, checked and used as the same value. */
	struct virtio_net_hdr hdr = { 0 };
	memcpy(&hdr, (const void *)buf, vn->hdr_len < sizeof(hdr) ? vn->hdr_len : sizeof(hdr));
	const struct virtio_net_hdr *h = &hdr;
	unsigned nbufs = vn->mergeable ? h->num_buffers : 1;
	if (nbufs == 0 || nbufs > vn->n_rx) {
		if (!vn->reported_bad_used++)
			kprintf("%s: bad num_buffers %u from the device; frame dropped\n",
				vn->nd.name, nbufs);
		vn->nd.stats.rx_errors++;
		return buf;
	}
	if (nbufs == 1) {
		/* Take the spare first: the stack may release buf before deliver returns. */
		uint8_t *spare = vn->n_spare ? vn->spare[--vn->n_spare] : NULL;
		if (deliver(vn, buf + vn->hdr_len, len - vn->hdr_len, h, spare != NULL) ==
		    NETDEV_RX_KEPT)
			return spare;
		if (spare)
			vn->spare[vn->n_spare++] = spare;
		return buf;
	}
	/* Keep the header first in merge_frame; the frame follows it. */
	memcpy(vn->merge_frame, buf, len);
	vn->merge_len = len;
	vn->merge_left = nbufs - 1;
	vn->merge_drop = 0;
	return buf;
}

/* A used entry the device got wrong: no frame, and if it belonged to a
 * frame being merged, that whole frame is lost. */
static void rx_bad_entry(struct vnet *vn)
{
	if (vn->merge_left) {
		vn->merge_drop = 1;
		if (--vn->merge_left)
			return;
	}
	vn->nd.stats.rx_errors++;
}

static void rx_drain(struct vnet *vn)
{
	void *tok;
	uint32_t len;
	int r, posted = 0;
	while ((r = virtqueue_get_used(&vn->rxq, &tok, &len)) != 0) {
		if (r < 0 && !vn->reported_bad_used++)
			kprintf("%s: the device returned a bad RX %s (%s); dropped\n", vn->nd.name,
				r == -EIO ? "buffer id" : "length", vn->vdev->where);
		uint8_t *again = tok; /* NULL for a bad id: nothing of ours to recycle */
		if (r == 1)
			again = rx_buffer(vn, tok, len);
		else
			rx_bad_entry(vn);
		if (again)
			posted += post_rx(vn, again) >= 0;
	}
	if (posted && virtqueue_kick_prepare(&vn->rxq))
		vn->vdev->t->notify(vn->vdev, &vn->rxq);
}

/* ---- transmit ---- */

static void tx_reclaim(struct vnet *vn)
{
	void *tok;
	uint32_t len;
	int r;
	while ((r = virtqueue_get_used(&vn->txq, &tok, &len)) != 0) {
		if (r == -EIO) {
			if (!vn->reported_bad_used++)
				kprintf("%s: the device returned a bad TX buffer id; ignored\n",
					vn->nd.name);
			continue;
		}
		unsigned slot = (unsigned)(((uint8_t *)tok - vn->tx_slots) / BUF_SIZE);
		vn->tx_free[vn->n_tx_free++] = (uint16_t)slot;
	}
}

static void settle(struct vnet *vn, struct virtqueue *vq)
{
	if (virtqueue_kick_unsettled(vq) && virtqueue_kick_settle(vq))
		vn->vdev->t->notify(vn->vdev, vq);
}

/* Wait until a slot is free; with the lock held. */
static int tx_get_slot(struct vnet *vn)
{
	for (;;) {
		tx_reclaim(vn);
		if (vn->n_tx_free)
			return vn->tx_free[--vn->n_tx_free];
		if (vn->polled) {
			thread_yield();
			continue;
		}
		/* Ask for an interrupt on the next completion, then sleep for it;
		 * if none comes, the device may never have heard of our frames. */
		if (!virtqueue_enable_interrupts(&vn->txq) &&
		    event_wait_until(&vn->tx_event, time_now_ns() + SETTLE_NS) == -ETIMEDOUT)
			settle(vn, &vn->txq);
		virtqueue_disable_interrupts(&vn->txq);
	}
}

static int vnet_transmit(struct netdev *nd, const struct netdev_frag *frags, unsigned nfrags,
			 size_t len, const struct netdev_tx_csum *csum)
{
	struct vnet *vn = (struct vnet *)nd;
	if (len > TX_FRAME_MAX)
		return -EINVAL;
	mutex_lock(&vn->tx_lock);
	unsigned slot = (unsigned)tx_get_slot(vn);
	uint8_t *s = vn->tx_slots + (size_t)slot * BUF_SIZE;
	struct virtio_net_hdr *h = (struct virtio_net_hdr *)(s + TX_FRAME_OFF - vn->hdr_len);
	memset(h, 0, vn->hdr_len);
	if (csum) {
		h->flags = HDR_F_NEEDS_CSUM;
		h->csum_start = csum->start;
		h->csum_offset = csum->offset;
	}
	netdev_frags_copy(s + TX_FRAME_OFF, frags, nfrags);
	struct vq_buf b[2] = {{dma_addr(h), vn->hdr_len},
			      {dma_addr(s + TX_FRAME_OFF), (uint32_t)len}};
	int r = vn->indirect
	    ? virtqueue_add_indirect(&vn->txq, (struct vring_desc *)s, dma_addr(s), b, 2, 0, s)
	    : virtqueue_add(&vn->txq, b, 2, 0, s);
	if (r < 0) { /* cannot happen: a free slot means free descriptors */
		vn->tx_free[vn->n_tx_free++] = (uint16_t)slot;
		mutex_unlock(&vn->tx_lock);
		return -EIO;
	}
	if (virtqueue_kick_prepare(&vn->txq))
		vn->vdev->t->notify(vn->vdev, &vn->txq);
	mutex_unlock(&vn->tx_lock);
	return 0;
}

static int vnet_link_up(struct netdev *nd)
{
	struct vnet *vn = (struct vnet *)nd;
	uint16_t status;
	if (!virtio_has(vn->vdev, VIRTIO_NET_F_STATUS))
		return 1;
	if (virtio_read_config(vn->vdev, CFG_STATUS, &status, 2) < 0)
		return 0;
	return status & VIRTIO_NET_S_LINK_UP;
}

/* The stack is done with a lent frame: its buffer becomes a spare. Buffers
 * are BUF_SIZE-aligned, so the frame's address names its buffer. */
static void vnet_rx_release(struct netdev *nd, void *frame)
{
	struct vnet *vn = (struct vnet *)nd;
	uintptr_t off = (uintptr_t)frame - (uintptr_t)vn->rx_bufs;
	if (off >= (size_t)(vn->n_rx + N_SPARE) * BUF_SIZE || off % BUF_SIZE != vn->hdr_len ||
	    vn->n_spare == N_SPARE)
		panic("%s: rx_release of %p, which is not a lent frame", nd->name, frame);
	vn->spare[vn->n_spare++] = vn->rx_bufs + off - vn->hdr_len;
}

static const struct netdev_ops vnet_ops = {
    .transmit = vnet_transmit, .link_up = vnet_link_up, .rx_release = vnet_rx_release};

/* ---- the device thread and interrupts ---- */

static void vnet_interrupt(void *arg)
{
	struct vnet *vn = arg;
	vn->nd.stats.interrupts++;
	event_signal(&vn->rx_event);
	event_signal(&vn->tx_event);
}

static void *vnet_thread(void *arg)
{
	struct vnet *vn = arg;
	uint64_t settle_at = 0;
	for (;;) {
		rx_drain(vn);
		if (vn->polled) {
			thread_yield();
			continue;
		}
		/* Re-check after asking for an interrupt: a buffer used in
		 * between would otherwise wait for the next one. */
		if (virtqueue_enable_interrupts(&vn->rxq))
			continue;
		/* Going idle with RX buffers or TX frames whose notification was
		 * skipped: wake once, a little later, to decide again. TX is
		 * checked here too because the frames' sender may not send again. */
		if (!virtqueue_kick_unsettled(&vn->rxq) && !virtqueue_kick_unsettled(&vn->txq)) {
			settle_at = 0;
			event_wait(&vn->rx_event);
		} else {
			if (!settle_at)
				settle_at = time_now_ns() + SETTLE_NS;
			if (event_wait_until(&vn->rx_event, settle_at) == -ETIMEDOUT) {
				settle(vn, &vn->rxq);
				settle(vn, &vn->txq);
				settle_at = 0;
			}
		}
		virtqueue_disable_interrupts(&vn->rxq);
	}
	return NULL;
}

/* ---- start-up ---- */

static void read_identity(struct vnet *vn, unsigned index)
{
	struct virtio_dev *d = vn->vdev;
	if (!virtio_has(d, VIRTIO_NET_F_MAC) ||
	    virtio_read_config(d, CFG_MAC, vn->nd.mac, ETH_ALEN) < 0) {
		/* A locally administered address of our own. */
		static const uint8_t fallback[ETH_ALEN] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x00};
		memcpy(vn->nd.mac, fallback, ETH_ALEN);
		vn->nd.mac[5] = (uint8_t)(index + 1);
	}
	vn->nd.mtu = 1500;
	uint16_t mtu;
	if (virtio_has(d, VIRTIO_NET_F_MTU) && virtio_read_config(d, CFG_MTU, &mtu, 2) == 0) {
		/* What fits a TX slot (an RX buffer holds as much, and more). */
		unsigned fits = TX_FRAME_MAX - FRAME_OVERHEAD;
		if (mtu < 68)
			kprintf("%s: the device's MTU %u is below 68; using 1500\n", vn->nd.name,
				mtu);
		else
			vn->nd.mtu = mtu < fits ? mtu : fits;
	}
}

static int alloc_buffers(struct vnet *vn)
{
	unsigned rx_descs = vn->one_desc_rx ? 1 : 2;
	vn->n_rx = vn->rxq.size / rx_descs;
	if (vn->n_rx > MAX_BUFS)
		vn->n_rx = MAX_BUFS;
	vn->n_tx = vn->indirect ? vn->txq.size : vn->txq.size / 2u;
	if (vn->n_tx > MAX_BUFS)
		vn->n_tx = MAX_BUFS;
	if (vn->n_tx == 0 || vn->n_rx == 0)
		return -EINVAL;
	unsigned per_page = PAGE_SIZE / BUF_SIZE;
	vn->rx_bufs = dma_alloc_pages((vn->n_rx + N_SPARE + per_page - 1) / per_page);
	vn->tx_slots = dma_alloc_pages((vn->n_tx + per_page - 1) / per_page);
	vn->tx_free = calloc(vn->n_tx, sizeof(*vn->tx_free));
	if (!vn->rx_bufs || !vn->tx_slots || !vn->tx_free)
		return -ENOMEM;
	for (unsigned i = 0; i < vn->n_tx; i++)
		vn->tx_free[vn->n_tx_free++] = (uint16_t)(vn->n_tx - 1 - i);
	for (unsigned i = 0; i < vn->n_rx; i++)
		if (post_rx(vn, vn->rx_bufs + (size_t)i * BUF_SIZE) < 0)
			return -ENOSPC;
	for (unsigned i = 0; i < N_SPARE; i++)
		vn->spare[vn->n_spare++] = vn->rx_bufs + (size_t)(vn->n_rx + i) * BUF_SIZE;
	return 0;
}

static int vnet_start(struct vnet *vn, unsigned index)
{
	struct virtio_dev *d = vn->vdev;
	ksnprintf(vn->nd.name, sizeof(vn->nd.name), "virtio-net%u", index);
	uint64_t wanted = VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX) |
	    VIRTIO_BIT(VIRTIO_F_RING_INDIRECT_DESC) | VIRTIO_BIT(VIRTIO_F_ANY_LAYOUT) |
	    VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_STATUS) |
	    VIRTIO_BIT(VIRTIO_NET_F_MTU) | VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF) |
	    VIRTIO_BIT(VIRTIO_NET_F_CSUM) | VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM);
	int r = virtio_negotiate(d, wanted, 0, vn->nd.name);
	if (r < 0)
		return r;
	vn->mergeable = virtio_has(d, VIRTIO_NET_F_MRG_RXBUF);
	vn->hdr_len = (vn->mergeable || virtio_has(d, VIRTIO_F_VERSION_1)) ? 12 : 10;
	vn->one_desc_rx = virtio_has(d, VIRTIO_F_VERSION_1) || virtio_has(d, VIRTIO_F_ANY_LAYOUT);
	vn->indirect = virtio_has(d, VIRTIO_F_RING_INDIRECT_DESC);
	vn->nd.offloads = (virtio_has(d, VIRTIO_NET_F_CSUM) ? NETDEV_OFFLOAD_TX_CSUM : 0) |
	    (virtio_has(d, VIRTIO_NET_F_GUEST_CSUM) ? NETDEV_OFFLOAD_RX_CSUM : 0);
	mutex_init(&vn->tx_lock);
	event_init(&vn->rx_event);
	event_init(&vn->tx_event);

	vn->polled = d->t->setup_irq(d, vnet_interrupt, vn) < 0;
	if ((r = virtio_queue_create(d, RX_QUEUE, MAX_BUFS, &vn->rxq)) < 0 ||
	    (r = virtio_queue_create(d, TX_QUEUE, MAX_BUFS, &vn->txq)) < 0 ||
	    (r = alloc_buffers(vn)) < 0) {
		kprintf("%s: %s: cannot set up the queues (error %d)\n", vn->nd.name, d->where, r);
		virtio_fail(d);
		return r;
	}
	virtqueue_disable_interrupts(&vn->txq); /* reclaimed on the next transmit */
	read_identity(vn, index);
	virtio_driver_ok(d);
	d->t->notify(d, &vn->rxq); /* the buffers posted before DRIVER_OK */

	struct thread *t = thread_create(vn->nd.name, vnet_thread, vn, 0);
	if (!t) {
		virtio_fail(d);
		return -ENOMEM;
	}
	thread_detach(t);
	vn->nd.ops = &vnet_ops;
	ksnprintf(vn->info, sizeof(vn->info), "%s, %s, features %#lx", d->where,
		  d->irq[0] ? d->irq : "polled", (unsigned long)d->features);
	vn->nd.info = vn->info;
	return 0;
}

static void virtio_net_start(void)
{
	unsigned index = 0;
	for (struct virtio_dev *d = virtio_devices(); d; d = d->next) {
		if (d->device_id != VIRTIO_ID_NET)
			continue;
		struct vnet *vn = calloc(1, sizeof(*vn));
		if (!vn)
			return;
		vn->vdev = d;
		if (vnet_start(vn, index) < 0) {
			free(vn);
			continue;
		}
		index++;
		netdev_register(&vn->nd);
	}
}

DRIVER(virtio_net_driver, .name = "virtio-net", .order = DRIVER_ORDER_NET, .start = virtio_net_start);

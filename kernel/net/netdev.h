/*
 * The network device interface every NIC driver implements (virtio-net, Xen
 * netfront), and that the network stack and apps use. Frames are whole
 * Ethernet frames without the FCS. Nothing here depends on a hypervisor or a
 * bus. What every driver would otherwise do alike lives in netdev.c: the
 * list of devices, the checks on a frame received or to send, and the
 * counters (the same error counts the same way on every NIC).
 *
 * Receiving: the driver hands each frame to netdev_deliver() from a thread of
 * its own, never from an interrupt handler, which checks it and calls the rx
 * callback. The frame is valid only during the call (copy
 * what you keep) unless the flags say NETDEV_RX_LENDABLE: then the callback
 * may keep the driver's buffer itself by returning NETDEV_RX_KEPT, and gives
 * it back later, once, with netdev_rx_release() (from any thread). A driver
 * lends only while it has spare buffers to post in place of lent ones, so a
 * stack that sits on its buffers never starves the device. The callback may
 * transmit.
 * Transmitting: netdev_transmit_frags() checks the frame, and the driver's
 * transmit gets only frames that fit the device; a frame may come in pieces
 * (a chain of stack buffers), which the driver copies straight into memory
 * the device owns, so the frame crosses memory once, and returns; it may
 * sleep until the device has room.
 */
#ifndef AMPHI_NETDEV_H
#define AMPHI_NETDEV_H

#include <stddef.h>
#include <stdint.h>

#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_VLAN_HLEN 4

/* Offloads a device can do (struct netdev.offloads). */
#define NETDEV_OFFLOAD_TX_CSUM 0x1 /* fills in a checksum given start and offset */
#define NETDEV_OFFLOAD_RX_CSUM 0x2 /* may report received checksums as verified */

/* Flags passed with a received frame. */
#define NETDEV_RX_CSUM_OK 0x1  /* the TCP/UDP checksum is known good */
#define NETDEV_RX_LENDABLE 0x2 /* the callback may keep the frame (see above) */

/* What the rx callback returns. */
#define NETDEV_RX_DONE 0 /* done with the frame */
#define NETDEV_RX_KEPT 1 /* kept it (only if LENDABLE); netdev_rx_release() later */

/* Ask the device to compute the ones'-complement checksum of bytes
 * [start, len) and store it at start + offset (TCP/UDP; the pseudo-header sum
 * must already be in that field). Only with NETDEV_OFFLOAD_TX_CSUM. */
struct netdev_tx_csum {
	uint16_t start, offset;
};

/* One piece of a frame to transmit. */
struct netdev_frag {
	const void *data;
	size_t len;
};

static inline size_t netdev_frags_len(const struct netdev_frag *frags, unsigned nfrags)
{
	size_t sum = 0;
	for (unsigned i = 0; i < nfrags; i++)
		sum += frags[i].len;
	return sum;
}

/* Copy the pieces, in order, to dst (which has room for all of them). */
static inline void netdev_frags_copy(void *dst, const struct netdev_frag *frags, unsigned nfrags)
{
	for (unsigned i = 0; i < nfrags; i++) {
		__builtin_memcpy(dst, frags[i].data, frags[i].len);
		dst = (char *)dst + frags[i].len;
	}
}

struct netdev;
typedef int (*netdev_rx_fn)(struct netdev *dev, void *frame, size_t len, unsigned flags,
			    void *arg);

struct netdev_ops {
	/* The frame is the pieces in order, len bytes in all, already checked
	 * (netdev_transmit_frags). 0, -EINVAL (too big for this driver's
	 * buffers), -EIO (the device failed; counted as a tx error). */
	int (*transmit)(struct netdev *dev, const struct netdev_frag *frags, unsigned nfrags,
			size_t len, const struct netdev_tx_csum *csum);
	int (*link_up)(struct netdev *dev);
	/* Take back a frame lent with NETDEV_RX_LENDABLE (drivers that lend). */
	void (*rx_release)(struct netdev *dev, void *frame);
};

struct netdev_stats {
	uint64_t rx_frames, rx_bytes, rx_dropped, rx_errors;
	uint64_t tx_frames, tx_bytes, tx_errors;
	uint64_t interrupts; /* 0 when the driver polls */
};

struct netdev {
	char name[16]; /* "virtio-net0" */
	uint8_t mac[ETH_ALEN];
	unsigned mtu;	   /* largest payload after the Ethernet header */
	unsigned offloads; /* NETDEV_OFFLOAD_* */
	const char *info;  /* what the driver wants to say about it */
	const struct netdev_ops *ops;
	netdev_rx_fn rx; /* set with netdev_set_rx; NULL: frames are dropped */
	void *rx_arg;
	struct netdev_stats stats;
	struct netdev *next;
};

/* Drivers: make dev visible (it must stay allocated), once it is set up. */
void netdev_register(struct netdev *dev);

/* The devices the drivers registered (kernel/device.h starts them at boot). */
struct netdev *netdev_first(void);
static inline struct netdev *netdev_next(struct netdev *dev) { return dev->next; }

/* The largest frame dev takes or delivers: the MTU, the Ethernet header and
 * one VLAN tag. */
static inline size_t netdev_max_frame(const struct netdev *dev)
{
	return dev->mtu + ETH_HLEN + ETH_VLAN_HLEN;
}

/* Drivers: one received frame for the stack (flags NETDEV_RX_*). A frame
 * shorter than a header or longer than netdev_max_frame counts as an rx
 * error; with no rx callback set it is dropped (rx_dropped); else it is
 * counted and handed over. Returns NETDEV_RX_KEPT if the callback kept it
 * (only with NETDEV_RX_LENDABLE), else NETDEV_RX_DONE. */
int netdev_deliver(struct netdev *dev, void *frame, size_t len, unsigned flags);

static inline void netdev_set_rx(struct netdev *dev, netdev_rx_fn fn, void *arg)
{
	dev->rx_arg = arg;
	__atomic_store_n(&dev->rx, fn, __ATOMIC_RELEASE);
}

/* csum: NULL, or a checksum for the device to finish (NETDEV_OFFLOAD_TX_CSUM).
 * 0; -EINVAL (len is not the pieces' sum, the frame is shorter than a
 * header or longer than netdev_max_frame, or the checksum request lies
 * outside it or was not offered); -EIO (the device failed: a tx error). */
int netdev_transmit_frags(struct netdev *dev, const struct netdev_frag *frags, unsigned nfrags,
			  size_t len, const struct netdev_tx_csum *csum);

static inline int netdev_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct netdev_frag f = {frame, len};
	return netdev_transmit_frags(dev, &f, 1, len, NULL);
}

static inline int netdev_link_up(struct netdev *dev) { return dev->ops->link_up(dev); }

static inline void netdev_rx_release(struct netdev *dev, void *frame)
{
	dev->ops->rx_release(dev, frame);
}

#endif

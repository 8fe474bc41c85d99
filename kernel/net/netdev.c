/* The network devices, and what every NIC driver does alike (netdev.h). */
#include "netdev.h"

#include <errno.h>

static struct netdev *devices;

void netdev_register(struct netdev *dev)
{
	struct netdev **p = &devices;
	while (*p)
		p = &(*p)->next;
	dev->next = NULL;
	*p = dev;
}

struct netdev *netdev_first(void) { return devices; }

int netdev_deliver(struct netdev *dev, void *frame, size_t len, unsigned flags)
{
	if (len < ETH_HLEN || len > netdev_max_frame(dev)) {
		dev->stats.rx_errors++;
		return NETDEV_RX_DONE;
	}
	netdev_rx_fn fn = __atomic_load_n(&dev->rx, __ATOMIC_ACQUIRE);
	if (!fn) {
		dev->stats.rx_dropped++;
		return NETDEV_RX_DONE;
	}
	dev->stats.rx_frames++;
	dev->stats.rx_bytes += len;
	int r = fn(dev, frame, len, flags, dev->rx_arg);
	return (flags & NETDEV_RX_LENDABLE) && r == NETDEV_RX_KEPT ? NETDEV_RX_KEPT : NETDEV_RX_DONE;
}

int netdev_transmit_frags(struct netdev *dev, const struct netdev_frag *frags, unsigned nfrags,
			  size_t len, const struct netdev_tx_csum *csum)
{
	if (netdev_frags_len(frags, nfrags) != len || len < ETH_HLEN || len > netdev_max_frame(dev))
		return -EINVAL;
	if (csum && (!(dev->offloads & NETDEV_OFFLOAD_TX_CSUM) || csum->start >= len ||
		     (size_t)csum->start + csum->offset + 2 > len))
		return -EINVAL;
	int rc = dev->ops->transmit(dev, frags, nfrags, len, csum);
	if (rc == 0) {
		dev->stats.tx_frames++;
		dev->stats.tx_bytes += len;
	} else if (rc == -EIO) {
		dev->stats.tx_errors++;
	}
	return rc;
}

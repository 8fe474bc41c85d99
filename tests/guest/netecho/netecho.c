/* netecho: echo every Ethernet frame the first network device receives, with
 * the source and destination MAC addresses swapped; answer nothing else.
 * For tests/net/echo-test, which checks every echo byte for byte. */
#include <stdio.h>
#include <string.h>

#include "kernel/net/netdev.h"
#include "kernel/thread.h"

static unsigned long long csum_ok; /* frames whose checksum the device vouched for */

static int echo(struct netdev *dev, void *frame, size_t len, unsigned flags, void *arg)
{
	(void)arg;
	if (flags & NETDEV_RX_CSUM_OK)
		csum_ok++;
	unsigned char out[2048];
	if (len < ETH_HLEN || len > sizeof(out))
		return NETDEV_RX_DONE;
	memcpy(out, (const unsigned char *)frame + ETH_ALEN, ETH_ALEN);
	memcpy(out + ETH_ALEN, frame, ETH_ALEN);
	memcpy(out + 2 * ETH_ALEN, (const unsigned char *)frame + 2 * ETH_ALEN, len - 2 * ETH_ALEN);
	if (netdev_transmit(dev, out, len) < 0)
		dev->stats.tx_errors++;
	return NETDEV_RX_DONE;
}

int main(void)
{
	struct netdev *dev = netdev_first();
	if (!dev) {
		printf("netecho: no network device\n");
		return 1;
	}
	const unsigned char *m = dev->mac;
	printf("netecho: %s mac %02x:%02x:%02x:%02x:%02x:%02x mtu %u link %s\n", dev->name, m[0],
	       m[1], m[2], m[3], m[4], m[5], dev->mtu, netdev_link_up(dev) ? "up" : "down");
	printf("netecho: %s\n", dev->info);
	netdev_set_rx(dev, echo, NULL);
	printf("netecho: ready\n");
	fflush(stdout);
	/* The echo runs on the driver's thread. Main reports the counters
	 * once traffic has paused for a second. */
	uint64_t reported = 0;
	for (;;) {
		uint64_t before = dev->stats.rx_frames + dev->stats.rx_errors;
		thread_sleep_ns(1000000000ull);
		const struct netdev_stats *s = &dev->stats;
		uint64_t now = s->rx_frames + s->rx_errors;
		if (now == before && now != reported) {
			printf(
			    "netecho: rx %llu frames, %llu errors, %llu dropped; tx %llu frames, "
			    "%llu errors; %llu interrupts; %llu checksums offloaded\n",
			    (unsigned long long)s->rx_frames, (unsigned long long)s->rx_errors,
			    (unsigned long long)s->rx_dropped, (unsigned long long)s->tx_frames,
			    (unsigned long long)s->tx_errors, (unsigned long long)s->interrupts,
			    csum_ok);
			fflush(stdout);
			reported = now;
		}
	}
	return 0;
}

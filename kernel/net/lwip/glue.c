/*
 * The glue between the first netdev (kernel/net/netdev.h) and an lwIP netif,
 * and the lazy start of the stack (net_init).
 * RX: the driver's thread feeds each frame to the stack under the core lock
 * (LWIP_TCPIP_CORE_LOCKING_INPUT): a frame the driver lends goes in as a
 * custom pbuf around the driver's own buffer, released when lwIP frees it;
 * otherwise it is copied into a pool pbuf.
 * TX: the pbuf chain goes to the driver as a list of pieces, which it copies
 * once, into memory the device owns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#include "kernel/cmdline.h"
#include "kernel/kernel.h"
#include "kernel/net/net.h"
#include "kernel/net/netdev.h"
#include "kernel/net/tcpcsum.h"
#include "kernel/sync.h"
#include "kernel/thread.h"

static struct netif nif;
static struct netdev *ndev;
/* The device finishes TCP checksums: lwIP neither makes nor checks them on
 * this netif; linkoutput prepares them and rx checks what the device did not
 * vouch for (tcpcsum.h). Frames looped back to our own address skip both. */
static int tcp_csum_offload;
static struct semaphore got_addr;

/* A frame the driver lent us, as a pbuf that gives it back when freed. */
struct lent_pbuf {
	struct pbuf_custom pc; /* first: lwIP frees a struct pbuf * */
	void *frame;
	struct lent_pbuf *next_free;
};
static struct lent_pbuf *lent_free; /* recycled; no lock: nobody frees in an interrupt */

static void lent_pbuf_free(struct pbuf *p)
{
	struct lent_pbuf *lp = (struct lent_pbuf *)p;
	netdev_rx_release(ndev, lp->frame);
	lp->next_free = lent_free;
	lent_free = lp;
}

static struct lent_pbuf *lent_pbuf_get(void)
{
	struct lent_pbuf *lp = lent_free;
	if (lp)
		lent_free = lp->next_free;
	else if (!(lp = malloc(sizeof(*lp))))
		return NULL;
	lp->pc.custom_free_function = lent_pbuf_free;
	return lp;
}

/* Without a copy when the driver lends the frame, else into a pool pbuf. */
static int rx(struct netdev *dev, void *frame, size_t len, unsigned flags, void *arg)
{
	(void)dev;
	(void)arg;
	if (tcp_csum_offload && !(flags & NETDEV_RX_CSUM_OK) && !tcpcsum_ok(frame, len)) {
		ndev->stats.rx_errors++;
		return NETDEV_RX_DONE;
	}
	struct pbuf *p;
	int kept = NETDEV_RX_DONE;
	struct lent_pbuf *lp;
	if ((flags & NETDEV_RX_LENDABLE) && (lp = lent_pbuf_get())) {
		lp->frame = frame;
		/* Cannot fail: the payload is exactly the memory it is given. */
		p = pbuf_alloced_custom(PBUF_RAW, (u16_t)len, PBUF_REF, &lp->pc, frame, (u16_t)len);
		kept = NETDEV_RX_KEPT; /* from here on, pbuf_free gives it back */
	} else {
		p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
		if (!p) {
			ndev->stats.rx_dropped++;
			return NETDEV_RX_DONE;
		}
		pbuf_take(p, frame, (u16_t)len);
	}
	if (nif.input(p, &nif) != ERR_OK)
		pbuf_free(p);
	return kept;
}

/* A frame in more pieces than this is not one lwIP makes (headers + data). */
#define TX_FRAGS_MAX 16

static err_t linkoutput(struct netif *n, struct pbuf *p)
{
	(void)n;
	struct netdev_frag frags[TX_FRAGS_MAX];
	unsigned nfrags = 0;
	for (struct pbuf *q = p; q; q = q->next) {
		if (q->len == 0)
			continue;
		if (nfrags == TX_FRAGS_MAX)
			return ERR_BUF;
		frags[nfrags++] = (struct netdev_frag){q->payload, q->len};
	}
	struct netdev_tx_csum csum, *c = NULL;
	uint8_t flat[ETH_HLEN + ETH_VLAN_HLEN + 2048];
	if (tcp_csum_offload) {
		switch (tcpcsum_prepare(p->payload, p->len, p->tot_len, &csum.start, &csum.offset)) {
		case TCPCSUM_OFFLOAD:
			c = &csum;
			break;
		case TCPCSUM_TOO_SHORT: /* headers split across pbufs: sum it here */
			if (p->tot_len > sizeof(flat))
				return ERR_BUF;
			pbuf_copy_partial(p, flat, p->tot_len, 0);
			tcpcsum_fill(flat, p->tot_len);
			frags[0] = (struct netdev_frag){flat, p->tot_len};
			nfrags = 1;
			break;
		}
	}
	return netdev_transmit_frags(ndev, frags, nfrags, p->tot_len, c) < 0 ? ERR_IF : ERR_OK;
}

static err_t netif_setup(struct netif *n)
{
	n->name[0] = 'e';
	n->name[1] = 'n';
	n->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(n->hwaddr, ndev->mac, ETH_HWADDR_LEN);
	n->mtu = (u16_t)ndev->mtu;
	n->mtu6 = n->mtu;
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET |
		   NETIF_FLAG_IGMP | NETIF_FLAG_MLD6;
	n->output = etharp_output;
	n->output_ip6 = ethip6_output;
	n->linkoutput = linkoutput;
	tcp_csum_offload = !!(ndev->offloads & NETDEV_OFFLOAD_TX_CSUM);
	if (tcp_csum_offload)
		NETIF_SET_CHECKSUM_CTRL(n, NETIF_CHECKSUM_ENABLE_ALL &
					       ~(NETIF_CHECKSUM_GEN_TCP | NETIF_CHECKSUM_CHECK_TCP));
	netif_set_hostname(n, "amphi");
	return ERR_OK;
}

static void status_changed(struct netif *n)
{
	if (!ip4_addr_isany_val(*netif_ip4_addr(n)))
		sem_up(&got_addr);
}

/* netdev has no link-change notification: look once a second (lwIP's own
 * ARP and ND timers tick at that rate anyway). Runs in the tcpip thread. */
static void link_poll(void *arg)
{
	(void)arg;
	int up = netdev_link_up(ndev);
	if (up && !netif_is_link_up(&nif))
		netif_set_link_up(&nif);
	else if (!up && netif_is_link_up(&nif))
		netif_set_link_down(&nif);
	sys_timeout(1000, link_poll, NULL);
}

static void tcpip_ready(void *arg) { sem_up(arg); }

/* The stack, loopback, and the first netdev if there is one. */
static int start(void)
{
	struct semaphore ready;
	sem_init_k(&ready, 0);
	sem_init_k(&got_addr, 0);
	tcpip_init(tcpip_ready, &ready);
	sem_down(&ready);

	ndev = netdev_first();
	if (!ndev)
		return 0; /* loopback only */
	const struct cmdline *cl = &kernel_cmdline;
	ip4_addr_t ip = { 0 }, mask = { 0 }, gw = { 0 };
	if (cl->ip) {
		ip.addr = lwip_htonl(cl->ip);
		mask.addr = lwip_htonl(cl->prefix_len ? 0xffffffffu << (32 - cl->prefix_len) : 0);
		gw.addr = lwip_htonl(cl->gw);
	}
	LOCK_TCPIP_CORE();
	netif_add(&nif, &ip, &mask, &gw, NULL, netif_setup, tcpip_input);
	netif_set_default(&nif);
	netif_set_status_callback(&nif, status_changed);
	netif_create_ip6_linklocal_address(&nif, 1);
	nif.ip6_autoconfig_enabled = 1; /* the macro tests the pointer: -Waddress */
	netif_set_up(&nif);
	link_poll(NULL);
	if (cl->ip && cl->dns) {
		ip_addr_t dns = IPADDR4_INIT(lwip_htonl(cl->dns));
		dns_setserver(0, &dns);
	}
	if (!cl->ip)
		dhcp_start(&nif);
	UNLOCK_TCPIP_CORE();
	netdev_set_rx(ndev, rx, NULL);

	if (!cl->ip)
		sem_timeddown(&got_addr, time_now_ns() + NET_DHCP_WAIT_MS * 1000000ull);
	return 0;
}

/* Once tcpip_init has called back, the stack is ready. */
int net_init(void)
{
	static struct mutex once = MUTEX_INIT(once);
	static int result = 1; /* 1: not started */
	mutex_lock(&once); /* a second caller waits for the first to finish */
	if (result == 1)
		result = start();
	mutex_unlock(&once);
	return result;
}

void net_describe(char *buf, size_t len)
{
	if (len == 0)
		return;
	if (!ndev) {
		snprintf(buf, len, "no network device (loopback only)");
		return;
	}
	char ip[16], gw[16], dns[48] = "";
	LOCK_TCPIP_CORE();
	ip4addr_ntoa_r(netif_ip4_addr(&nif), ip, sizeof(ip));
	ip4addr_ntoa_r(netif_ip4_gw(&nif), gw, sizeof(gw));
	const ip_addr_t *d = dns_getserver(0);
	if (!ip_addr_isany(d))
		snprintf(dns, sizeof(dns), " dns %s", ipaddr_ntoa(d));
	unsigned prefix = 32 - (unsigned)__builtin_popcount(~lwip_ntohl(netif_ip4_netmask(&nif)->addr));
	int n = snprintf(buf, len, "%s %s/%u gw %s%s (%s)", ndev->name, ip, prefix, gw, dns,
			 kernel_cmdline.ip ? "static" : "dhcp");
	for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES && n >= 0 && (size_t)n < len; i++)
		if (!ip6_addr_isinvalid(netif_ip6_addr_state(&nif, i)))
			n += snprintf(buf + n, len - (size_t)n, " %s%s",
				      ip6addr_ntoa(netif_ip6_addr(&nif, i)),
				      ip6_addr_istentative(netif_ip6_addr_state(&nif, i))
					  ? " (tentative)"
					  : "");
	UNLOCK_TCPIP_CORE();
}

/* netfront.c with a vif set up by hand (netfront_unit.h). Only what the
 * receive and transmit paths need is provided; the xenstore handshake is
 * the xenstore harness's business. */
#include "netfront_unit.h"

#include <stdlib.h>

#include "drivers/xen/netfront.c"

_Static_assert(NFU_NR_RX == NR_RX && NFU_NR_TX == NR_TX, "netfront_unit.h matches netfront.c");

static int deliver(struct netdev *dev, void *frame, size_t len, unsigned flags, void *arg)
{
	(void)dev, (void)arg;
	fuzz_nf_frame(frame, len, flags);
	return 0;
}

/* Allocated once: an input's run resets the state, not the memory (the
 * harness's speed is in its allocations otherwise). */
static struct netfront *nf;
static netif_tx_sring_t *txs;
static netif_rx_sring_t *rxs;
static uint8_t *pages[NR_RX + NR_TX];

void nfu_setup(void)
{
	if (!nf) {
		nf = malloc(sizeof(*nf));
		txs = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
		rxs = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
		for (unsigned i = 0; i < NR_RX + NR_TX; i++)
			pages[i] = calloc(1, PAGE_SIZE);
	}
	memset(nf, 0, sizeof(*nf));
	strcpy(nf->nd.name, "xen-net0");
	nf->nd.mtu = 1500;
	nf->nd.rx = deliver;
	memset(txs, 0, PAGE_SIZE);
	memset(rxs, 0, PAGE_SIZE);
	SHARED_RING_INIT(txs);
	SHARED_RING_INIT(rxs);
	FRONT_RING_INIT(&nf->tx, txs, PAGE_SIZE);
	FRONT_RING_INIT(&nf->rx, rxs, PAGE_SIZE);
	for (unsigned i = 0; i < NR_RX; i++)
		nf->rxs[i].page = pages[i];
	for (unsigned i = 0; i < NR_TX; i++)
		nf->txs[i].page = pages[NR_RX + i];
	nf->tx_free = NR_TX;
	nf->connected = 1;
	event_init(&nf->ev);
	waitq_init(&nf->tx_wait);
	rx_post_all(nf);
}


void *nfu_rx_sring(void) { return nf->rx.sring; }
void *nfu_tx_sring(void) { return nf->tx.sring; }
void *nfu_rx_rsp(unsigned i) { return &nf->rx.sring->ring[i % RING_SIZE(&nf->rx)].rsp; }
void *nfu_tx_rsp(unsigned i) { return &nf->tx.sring->ring[i % RING_SIZE(&nf->tx)].rsp; }
unsigned nfu_rx_req_prod(void) { return nf->rx.sring->req_prod; }
unsigned nfu_tx_req_prod(void) { return nf->tx.sring->req_prod; }
void nfu_rx_drain(void) { rx_drain(nf); }
void nfu_tx_reclaim(void) { tx_reclaim(nf); }
int nfu_broken(void) { return nf->broken; }
uint8_t *nfu_rx_page(unsigned id) { return nf->rxs[id].page; }
int nfu_rx_posted(unsigned id) { return nf->rxs[id].posted; }
int nfu_tx_busy(unsigned id) { return nf->txs[id].busy; }
unsigned nfu_tx_free(void) { return nf->tx_free; }

int nfu_transmit(size_t len)
{
	static uint8_t frame[PAGE_SIZE + 1];
	struct netdev_frag f = { frame, len };
	return nf_transmit(&nf->nd, &f, 1, len, NULL);
}

/* The rest of the kernel, as far as netfront.c reaches it. */
uint64_t pmem_alloc(void) { return 0; }
int pmem_free(uint64_t pa) { return (void)pa, 0; }

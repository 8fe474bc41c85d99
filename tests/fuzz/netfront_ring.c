/* FUZZ_SOURCES: tests/fuzz/host/netfront_unit.c kernel/printk.c kernel/net/netdev.c tests/fuzz/host/kernel_shims.c */
/* Xen netfront's RX and TX rings (drivers/xen/netfront.c) against a hostile
 * netback: the harness writes the responses. Input: a script of steps, each
 * sending a frame, or answering k RX or TX requests with any id, offset,
 * flags and status and then moving rsp_prod (by k, or to any value).
 * Properties: a delivered frame lies inside one RX buffer page, with the
 * length the backend stated; TX bookkeeping stays consistent (free slots
 * counted right, never more than the ring holds); a bad ring stops the
 * device instead of corrupting memory. */
#include "fuzz.h"

#include <xen/io/netif.h>

#include "tests/fuzz/host/netfront_unit.h"

static unsigned frames;

void fuzz_nf_frame(const uint8_t *frame, size_t len, unsigned flags)
{
	(void)flags;
	frames++;
	for (unsigned id = 0; id < NFU_NR_RX; id++) {
		const uint8_t *p = nfu_rx_page(id);
		if (frame >= p && frame < p + 4096) {
			FUZZ_ASSERT(len <= 4096 && (size_t)(frame - p) + len <= 4096);
			return;
		}
	}
	FUZZ_ASSERT(!"a frame outside every RX buffer");
}

static void answer(struct fuzz_in *in, int rx)
{
	unsigned k = fuzz_u8(in) % 160, how = fuzz_u8(in);
	netif_rx_sring_t *rs = nfu_rx_sring();
	netif_tx_sring_t *ts = nfu_tx_sring();
	unsigned prod = rx ? rs->rsp_prod : ts->rsp_prod;
	for (unsigned j = 0; j < k; j++) {
		if (rx) {
			netif_rx_response_t *r = nfu_rx_rsp(prod + j);
			r->id = fuzz_u16(in) % (how & 1 ? 65536 : NFU_NR_RX);
			r->offset = fuzz_u16(in) % (how & 2 ? 65536 : 4096);
			r->flags = how & 4 ? fuzz_u16(in) : 0;
			r->status = (int16_t)fuzz_u16(in);
		} else {
			netif_tx_response_t *r = nfu_tx_rsp(prod + j);
			r->id = fuzz_u16(in) % (how & 1 ? 65536 : NFU_NR_TX);
			r->status = (int16_t)(how & 4 ? fuzz_u16(in) : NETIF_RSP_OKAY);
		}
	}
	unsigned to = how & 8 ? fuzz_u32(in) : prod + k;
	if (rx) {
		rs->rsp_prod = to;
		nfu_rx_drain();
	} else {
		ts->rsp_prod = to;
		nfu_tx_reclaim();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	nfu_setup();
	for (int steps = 0; in.n && steps < 32 && !nfu_broken(); steps++) {
		uint8_t op = fuzz_u8(&in);
		if (op % 3 == 0)
			nfu_transmit(fuzz_u16(&in) % 5000);
		else
			answer(&in, op % 3 == 1);
		unsigned busy = 0;
		for (unsigned id = 0; id < NFU_NR_TX; id++)
			busy += nfu_tx_busy(id) != 0;
		FUZZ_ASSERT(nfu_tx_free() == NFU_NR_TX - busy);
	}
	return 0;
}

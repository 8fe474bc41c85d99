/* FUZZ_SOURCES: kernel/printk.c kernel/net/netdev.c tests/fuzz/host/kernel_shims.c */
/* FUZZ_TRACE_LOADS: tests/fuzz/host/netfront_unit.c drivers/virtio/virtqueue.c */
/* Double fetches from memory a backend shares (XSA-155's class): the driver
 * must read each field of a response once, into a local, and decide on that
 * copy. The two sources above are built with -fsanitize-coverage=trace-loads,
 * so every load they make calls __sanitizer_cov_loadN below first. Loads from
 * the watched slots (netfront's RX/TX responses, the virtqueue's used
 * entries) are counted per decision (one drain, one used entry); a second
 * load of the same byte is a double fetch: the harness changes the byte
 * before that load happens, as a racing backend could, and fails naming the
 * slot and offset. Frames delivered are also checked against the values the
 * backend first wrote. Input: a mode byte, then the same kind of script as
 * netfront_ring / virtio_used. */
#include "fuzz.h"

#include <errno.h>
#include <xen/io/netif.h>

#include "drivers/virtio/virtqueue.h"
#include "tests/fuzz/host/netfront_unit.h"

/* ---- the watch ---- */

static uintptr_t lo, hi;         /* watched bytes: [lo, hi) */
static uint8_t seen[8192];       /* loads per byte since the last reset */
static uintptr_t double_at;      /* first byte loaded twice, or 0 */

static void watch(const void *p, size_t len)
{
	lo = (uintptr_t)p;
	hi = lo + (len < sizeof(seen) ? len : sizeof(seen));
	memset(seen, 0, sizeof(seen));
	double_at = 0;
}

static void load(void *addr, size_t w)
{
	uintptr_t a = (uintptr_t)addr;
	if (a + w <= lo || a >= hi)
		return;
	for (size_t i = 0; i < w; i++) {
		if (a + i < lo || a + i >= hi)
			continue;
		if (seen[a + i - lo]++) {
			if (!double_at)
				double_at = a + i;
			((volatile uint8_t *)addr)[i] ^= 0x5a; /* the backend changed it meanwhile */
		}
	}
}

void __sanitizer_cov_load1(uint8_t *a) { load(a, 1); }
void __sanitizer_cov_load2(uint16_t *a) { load(a, 2); }
void __sanitizer_cov_load4(uint32_t *a) { load(a, 4); }
void __sanitizer_cov_load8(uint64_t *a) { load(a, 8); }
void __sanitizer_cov_load16(__int128 *a) { load(a, 16); }

static void check(const char *what)
{
	if (double_at) {
		fprintf(stderr, "double fetch: %s byte %zu of the watched slots read twice\n", what,
			(size_t)(double_at - lo));
		FUZZ_ASSERT(!"a shared field read twice for one decision");
	}
}

/* ---- netfront ---- */

static netif_rx_response_t written[256]; /* what the backend first wrote, per slot */

void fuzz_nf_frame(const uint8_t *frame, size_t len, unsigned flags)
{
	(void)flags;
	for (unsigned s = 0; s < 256; s++) {
		const netif_rx_response_t *r = &written[s];
		if (r->id < NFU_NR_RX && frame == nfu_rx_page(r->id) + r->offset && len == (size_t)r->status)
			return;
	}
	FUZZ_ASSERT(!"a frame the backend's first values do not describe");
}

static void netfront(struct fuzz_in *in)
{
	nfu_setup();
	netif_rx_sring_t *rs = nfu_rx_sring();
	netif_tx_sring_t *ts = nfu_tx_sring();
	for (int steps = 0; in->n && steps < 16 && !nfu_broken(); steps++) {
		uint8_t op = fuzz_u8(in);
		unsigned k = fuzz_u8(in) % 129;
		if (op & 1) {
			unsigned prod = rs->rsp_prod;
			memset(written, 0xff, sizeof(written));
			for (unsigned j = 0; j < k; j++) {
				netif_rx_response_t *r = nfu_rx_rsp(prod + j);
				r->id = fuzz_u16(in) % NFU_NR_RX;
				r->offset = fuzz_u16(in) % 4096;
				r->flags = op & 2 ? fuzz_u16(in) : 0;
				r->status = (int16_t)(fuzz_u16(in) % 4200);
				written[(prod + j) % 256] = *r;
			}
			rs->rsp_prod = prod + k;
			watch(rs->ring, sizeof(rs->ring[0]) * 256);
			nfu_rx_drain();
			check("netfront RX response");
		} else {
			for (unsigned j = 0; j < k % 8; j++)
				nfu_transmit(60 + fuzz_u16(in) % 1400);
			unsigned prod = ts->rsp_prod;
			for (unsigned j = 0; j < k % 8; j++) {
				netif_tx_response_t *r = nfu_tx_rsp(prod + j);
				r->id = fuzz_u16(in) % NFU_NR_TX;
				r->status = (int16_t)(op & 2 ? fuzz_u16(in) : NETIF_RSP_OKAY);
			}
			ts->rsp_prod = prod + k % 8;
			watch(ts->ring, sizeof(ts->ring[0]) * 256);
			nfu_tx_reclaim();
			check("netfront TX response");
		}
		watch(NULL, 0);
	}
}

/* ---- virtqueue ---- */

static void virtqueue(struct fuzz_in *in)
{
	enum { Q = 64 };
	struct virtqueue vq;
	struct vring_desc *desc = calloc(Q, sizeof(*desc));
	struct vring_avail *avail = calloc(1, vring_avail_bytes(Q) + 2);
	struct vring_used *used = calloc(1, vring_used_bytes(Q) + 2);
	struct vq_slot *slot = calloc(Q, sizeof(*slot));
	uint16_t *next_free = calloc(Q, sizeof(*next_free));
	static int token;
	virtqueue_init(&vq, 0, Q, 1, desc, avail, used, slot, next_free);
	for (int steps = 0; in->n && steps < 64; steps++) {
		uint8_t op = fuzz_u8(in);
		if (op & 1) {
			struct vq_buf b[2] = { { 0x1000, 12 }, { 0x2000, fuzz_u16(in) } };
			virtqueue_add(&vq, b, 1, 1, &token);
			continue;
		}
		unsigned k = op >> 1 & 7;
		for (unsigned j = 0; j < k; j++) {
			struct vring_used_elem *e = &used->ring[(uint16_t)(used->idx + j) % Q];
			e->id = fuzz_u8(in) % Q;
			e->len = fuzz_u16(in);
		}
		used->idx = (uint16_t)(used->idx + k);
		void *tok;
		uint32_t len;
		for (;;) {
			watch(used->ring, sizeof(used->ring[0]) * Q);
			int r = virtqueue_get_used(&vq, &tok, &len);
			check("virtqueue used entry");
			watch(NULL, 0);
			if (!r)
				break;
			FUZZ_ASSERT(r == -EIO || tok == &token);
		}
	}
	free(desc), free(avail), free(used), free(slot), free(next_free);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	if (fuzz_u8(&in) & 1)
		virtqueue(&in);
	else
		netfront(&in);
	return 0;
}

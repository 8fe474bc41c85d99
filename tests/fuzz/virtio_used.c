/* FUZZ_SOURCES: drivers/virtio/virtqueue.c tests/fuzz/host/virtio_net_unit.c kernel/printk.c kernel/net/netdev.c tests/fuzz/host/kernel_shims.c */
/* Virtqueues against a hostile device model: the harness is the device,
 * writing used-ring entries with any id and length and moving used->idx
 * anywhere. Input: a mode byte, then
 * - queue mode (drivers/virtio/virtqueue.c alone): a queue size and
 *   EVENT_IDX flag, then steps: post a chain (direct or indirect, any
 *   shape), complete entries, or consume. Properties: a token handed back is
 *   one that was posted and is still in flight, a length never exceeds what
 *   the chain offered, a bad entry never frees anything, and the free count
 *   always matches the descriptors not in flight;
 * - virtio-net mode (drivers/virtio/virtio_net.c's receive path): the device
 *   takes posted buffers, writes a virtio-net header (flags, checksum
 *   start/offset, num_buffers) and a frame through their descriptors, and
 *   completes them with any id and length. Properties: a frame the driver
 *   delivers lies inside one RX buffer (or its merge buffer), no longer than
 *   the MTU allows, and a checksum it completes lies inside the frame. */
#include "fuzz.h"

#include <errno.h>

#include "drivers/virtio/virtqueue.h"
#include "tests/fuzz/host/virtio_net_unit.h"

#define MAXQ 256

static struct {
	int live;
	uint32_t in_len;
	uint16_t ndesc;
} flight[MAXQ];

/* used->idx moved by the device: near where it was, or (rarely: the driver
 * then works through up to 65,535 bogus entries) anywhere. */
static uint16_t jump(struct fuzz_in *in, uint16_t idx, uint16_t qsize)
{
	uint8_t how = fuzz_u8(in);
	return how == 0xff ? fuzz_u16(in) : (uint16_t)(idx + how % (2u * qsize + 1));
}

/* ---- virtio-net receive ---- */

void fuzz_vn_frame(const uint8_t *frame, size_t len, unsigned flags)
{
	(void)flags;
	FUZZ_ASSERT(len >= 14 && len <= 1500 + 18);
	FUZZ_ASSERT(vnu_owns(frame, len));
}

/* The device writes n bytes of input through the chain at head. */
static uint32_t device_write(struct virtqueue *vq, uint16_t head, struct fuzz_in *in, uint32_t n)
{
	uint32_t done = 0;
	uint16_t d = head;
	for (unsigned hops = 0; hops < vq->size && done < n; hops++) {
		struct vring_desc *x = &vq->desc[d];
		uint32_t k = x->len < n - done ? x->len : n - done;
		fuzz_take(in, (void *)(uintptr_t)x->addr, k);
		done += k;
		if (!(x->flags & VRING_DESC_F_NEXT))
			break;
		d = x->next;
	}
	return done;
}

static void net(struct fuzz_in *in)
{
	uint8_t cfg = fuzz_u8(in);
	vnu_setup(cfg % 9, cfg >> 4 & 1, cfg >> 5 & 1);
	struct virtqueue *vq = vnu_rxq();
	uint16_t dev_avail = 0;
	for (int steps = 0; in->n && steps < 32; steps++) {
		uint8_t op = fuzz_u8(in);
		unsigned k = op % 8;
		for (unsigned j = 0; j < k && dev_avail != vq->avail->idx; j++) {
			uint16_t head = vq->avail->ring[dev_avail++ & (vq->size - 1)];
			uint32_t want = fuzz_u16(in) % 4200;
			uint32_t wrote = device_write(vq, head, in, want);
			struct vring_used_elem *e = &vq->used->ring[(uint16_t)(vq->used->idx + j) & (vq->size - 1)];
			e->id = op & 0x10 ? fuzz_u16(in) : head;
			e->len = op & 0x20 ? fuzz_u32(in) : wrote;
		}
		vq->used->idx = (uint16_t)(op & 0x40 ? jump(in, vq->used->idx, vq->size) : vq->used->idx + k);
		vnu_rx_drain();
	}
}

/* ---- the queue alone ---- */

static void queue(struct fuzz_in *in_)
{
	struct fuzz_in in = *in_;
	uint16_t qsize = (uint16_t)(1u << (fuzz_u8(&in) % 9)); /* 1..256 */
	int event_idx = fuzz_u8(&in) & 1;
	struct virtqueue vq;
	struct vring_desc *desc = calloc(qsize, sizeof(*desc)), indirect[8];
	struct vring_avail *avail = calloc(1, vring_avail_bytes(qsize) + 2);
	struct vring_used *used = calloc(1, vring_used_bytes(qsize) + 2);
	struct vq_slot *slot = calloc(qsize, sizeof(*slot));
	uint16_t *next_free = calloc(qsize, sizeof(*next_free));
	FUZZ_ASSERT(virtqueue_init(&vq, 0, qsize, event_idx, desc, avail, used, slot, next_free) == 0);
	memset(flight, 0, sizeof(flight));
	unsigned in_flight_desc = 0;

	for (int steps = 0; in.n && steps < 256; steps++) {
		uint8_t op = fuzz_u8(&in);
		if (op % 4 == 0) { /* the driver posts a chain */
			unsigned n_out = fuzz_u8(&in) % 4, n_in = fuzz_u8(&in) % 4;
			struct vq_buf bufs[8];
			for (unsigned i = 0; i < n_out + n_in; i++)
				bufs[i] = (struct vq_buf){ 0x1000 * (i + 1), fuzz_u32(&in) };
			/* The token names the head the chain will get (the free list's first). */
			void *tok = &flight[vq.free_head];
			int head = op & 0x10
				? virtqueue_add_indirect(&vq, indirect, 0x9000, bufs, n_out, n_in, tok)
				: virtqueue_add(&vq, bufs, n_out, n_in, tok);
			if (head >= 0) {
				FUZZ_ASSERT(head < qsize && !flight[head].live && tok == &flight[head]);
				unsigned nd = op & 0x10 ? 1 : n_out + n_in;
				uint64_t w = 0;
				for (unsigned i = n_out; i < n_out + n_in; i++)
					w += bufs[i].len;
				flight[head] = (typeof(flight[0])){ 1, w > UINT32_MAX ? UINT32_MAX : (uint32_t)w, (uint16_t)nd };
				in_flight_desc += nd;
			}
			virtqueue_kick_prepare(&vq);
		} else if (op % 4 == 1) { /* the device completes entries, any content */
			unsigned k = fuzz_u8(&in) % 8;
			for (unsigned j = 0; j < k; j++) {
				struct vring_used_elem *e = &used->ring[(uint16_t)(used->idx + j) & (qsize - 1)];
				e->id = op & 0x20 ? fuzz_u32(&in) : fuzz_u16(&in) % qsize;
				e->len = op & 0x40 ? fuzz_u32(&in) : fuzz_u16(&in);
			}
			used->idx = (uint16_t)(op & 0x80 ? jump(&in, used->idx, qsize) : used->idx + k);
			if (event_idx)
				used->ring[qsize].id = fuzz_u16(&in); /* avail_event (and flags) */
		} else { /* the driver consumes what the device says is done */
			void *tok;
			uint32_t len;
			int r;
			for (int guard = 0; guard < 70000 && (r = virtqueue_get_used(&vq, &tok, &len)); guard++) {
				FUZZ_ASSERT(guard < 65536 + 1); /* used->idx is 16 bits: it must end */
				if (r == -EIO) {
					FUZZ_ASSERT(!tok);
					continue;
				}
				int head = (int)((typeof(&flight[0]))tok - flight);
				FUZZ_ASSERT(head >= 0 && head < qsize && flight[head].live && !slot[head].token);
				FUZZ_ASSERT(r == -EMSGSIZE || len <= flight[head].in_len);
				flight[head].live = 0;
				in_flight_desc -= flight[head].ndesc;
			}
			virtqueue_enable_interrupts(&vq);
		}
		FUZZ_ASSERT(vq.num_free + in_flight_desc == qsize);
	}
	free(desc), free(avail), free(used), free(slot), free(next_free);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	if (fuzz_u8(&in) & 1)
		net(&in);
	else
		queue(&in);
	return 0;
}

/* FUZZ_SOURCES: drivers/virtio/virtqueue.c */
/* The split virtqueue (drivers/virtio/virtqueue.c) against a hostile device
 * model: the harness is the device, writing used-ring entries with any id
 * and length and moving used->idx anywhere. Input: a queue size and
 * EVENT_IDX flag, then steps: post a chain (direct or indirect, any shape),
 * complete entries, or consume. Properties: a token handed back is one that
 * was posted and is still in flight, a length never exceeds what the chain
 * offered, a bad entry never frees anything, and the free count always
 * matches the descriptors not in flight. */
#include "fuzz.h"

#include <errno.h>

#include "virtio/virtqueue.h"

#define MAXQ 256

static struct {
	int live;
	uint32_t in_len;
	uint16_t ndesc;
} flight[MAXQ];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
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
			int head = op & 0x10
				? virtqueue_add_indirect(&vq, indirect, 0x9000, bufs, n_out, n_in, &flight)
				: virtqueue_add(&vq, bufs, n_out, n_in, &flight);
			if (head >= 0) {
				FUZZ_ASSERT(head < qsize && !flight[head].live);
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
			used->idx = (uint16_t)(op & 0x80 ? fuzz_u16(&in) : used->idx + k);
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
				FUZZ_ASSERT(tok == &flight);
				/* Which head? The slot it came from is no longer in flight. */
				int head = -1;
				for (unsigned h = 0; h < qsize; h++)
					if (flight[h].live && !slot[h].token)
						head = (int)h;
				FUZZ_ASSERT(head >= 0);
				FUZZ_ASSERT(r == -EMSGSIZE || len <= flight[head].in_len);
				flight[head].live = 0;
				in_flight_desc -= flight[head].ndesc;
			}
			virtqueue_enable_interrupts(&vq);
		}
		FUZZ_ASSERT(vq.num_free + in_flight_desc == qsize);
	}
	free(desc), free(avail), free(used), free(slot), free(next_free);
	return 0;
}

/* UNIT_SOURCES: drivers/virtio/virtqueue.c */
/* Host test of the split-virtqueue logic, with this file playing the device:
 * it reads chains off the available ring and writes used entries, including
 * bad ones, which the driver side must reject without using them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "drivers/virtio/virtqueue.h"

struct ring {
	struct virtqueue vq;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	struct vq_slot *slot;
	uint16_t *next_free;
	uint16_t dev_avail; /* device side: next avail entry to take */
};

static void ring_new(struct ring *r, uint16_t size, int event_idx)
{
	r->desc = calloc(size, sizeof(struct vring_desc));
	r->avail = calloc(1, vring_avail_bytes(size));
	r->used = calloc(1, vring_used_bytes(size));
	r->slot = calloc(size, sizeof(struct vq_slot));
	r->next_free = calloc(size, sizeof(uint16_t));
	r->dev_avail = 0;
	CHECK_EQ(virtqueue_init(&r->vq, 0, size, event_idx, r->desc, r->avail, r->used, r->slot,
				r->next_free),
		 0);
}

static void ring_free(struct ring *r)
{
	free(r->desc), free(r->avail), free(r->used), free(r->slot), free(r->next_free);
}

/* Device: take the next available head, or -1. */
static int dev_pop(struct ring *r)
{
	if (r->dev_avail == r->avail->idx)
		return -1;
	return r->avail->ring[r->dev_avail++ & (r->vq.size - 1)];
}

/* Device: complete a chain with an arbitrary (maybe bad) id and length. */
static void dev_push(struct ring *r, uint32_t id, uint32_t len)
{
	struct vring_used_elem *e = &r->used->ring[r->used->idx & (r->vq.size - 1)];
	e->id = id;
	e->len = len;
	r->used->idx++;
}

static int chain_length(struct ring *r, int head)
{
	int n = 1;
	while (r->desc[head].flags & VRING_DESC_F_NEXT) {
		head = r->desc[head].next;
		n++;
	}
	return n;
}

static void test_bad_size(void)
{
	struct virtqueue vq;
	struct vring_desc d[3];
	uint16_t av[8], nf[3];
	struct vring_used_elem us[8];
	struct vq_slot sl[3];
	CHECK_EQ(virtqueue_init(&vq, 0, 3, 0, d, (void *)av, (void *)us, sl, nf), -EINVAL);
	CHECK_EQ(virtqueue_init(&vq, 0, 0, 0, d, (void *)av, (void *)us, sl, nf), -EINVAL);
}

/* Fill the table, run out, free everything, in many rounds with chains of
 * mixed lengths: the free list never loses or duplicates a descriptor. */
static void test_alloc_free(void)
{
	struct ring r;
	ring_new(&r, 8, 0);
	struct vq_buf b[3] = {{0x1000, 10}, {0x2000, 20}, {0x3000, 30}};
	int tokens[8];
	for (int round = 0; round < 50; round++) {
		int heads[8], nheads = 0, used_descs = 0;
		for (;;) {
			unsigned n = 1 + (unsigned)((round + nheads) % 3);
			int h = virtqueue_add(&r.vq, b, 1, n - 1, &tokens[nheads]);
			if (h == -ENOSPC) {
				CHECK(r.vq.num_free < n);
				break;
			}
			CHECK(h >= 0 && h < 8);
			CHECK_EQ(chain_length(&r, h), n);
			heads[nheads++] = h;
			used_descs += (int)n;
		}
		CHECK_EQ(r.vq.num_free, 8 - used_descs);
		/* Distinct descriptors across chains. */
		int seen[8] = {0};
		for (int i = 0; i < nheads; i++)
			for (int d = heads[i];; d = r.desc[d].next) {
				CHECK(!seen[d]);
				seen[d] = 1;
				if (!(r.desc[d].flags & VRING_DESC_F_NEXT))
					break;
			}
		/* Device completes in reverse order. */
		for (int i = nheads - 1; i >= 0; i--) {
			CHECK_EQ(dev_pop(&r), heads[nheads - 1 - i]);
		}
		for (int i = nheads - 1; i >= 0; i--)
			dev_push(&r, (uint32_t)heads[i], 0);
		for (int i = nheads - 1; i >= 0; i--) {
			void *t;
			uint32_t len;
			CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), 1);
			CHECK(t == &tokens[i]);
		}
		CHECK_EQ(r.vq.num_free, 8);
	}
	CHECK_EQ(virtqueue_add(&r.vq, b, 0, 0, tokens), -EINVAL);
	CHECK_EQ(virtqueue_add(&r.vq, b, 1, 0, NULL), -EINVAL);
	ring_free(&r);
}

/* 16-bit indices wrap many times over a small ring. */
static void test_wraparound(void)
{
	struct ring r;
	ring_new(&r, 4, 0);
	struct vq_buf b = {0x5000, 100};
	int tok;
	for (unsigned i = 0; i < 70000; i++) {
		int h = virtqueue_add(&r.vq, &b, 0, 1, &tok);
		CHECK(h >= 0);
		CHECK_EQ(dev_pop(&r), h);
		dev_push(&r, (uint32_t)h, 1 + i % 100);
		void *t;
		uint32_t len;
		CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), 1);
		CHECK_EQ(len, 1 + i % 100);
		if (check_failed)
			break;
	}
	CHECK_EQ(r.avail->idx, (uint16_t)70000);
	CHECK_EQ(r.vq.last_used, (uint16_t)70000);
	CHECK_EQ(r.vq.num_free, 4);
	ring_free(&r);
}

/* Bad ids and lengths from the device are rejected, counted, never used. */
static void test_bad_used(void)
{
	struct ring r;
	ring_new(&r, 4, 0);
	struct vq_buf b[2] = {{0x1000, 12}, {0x2000, 1500}};
	int tok[2];
	int h0 = virtqueue_add(&r.vq, b, 1, 1, &tok[0]);
	int h1 = virtqueue_add(&r.vq, b, 1, 1, &tok[1]);
	void *t;
	uint32_t len;
	CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), 0);
	dev_push(&r, 4, 10);		      /* out of range */
	dev_push(&r, 0xffffffffu, 10);	      /* far out of range */
	dev_push(&r, (uint32_t)(h0 + 1), 10); /* not a head (second desc of chain 0) */
	CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), -EIO);
	CHECK(t == NULL);
	CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), -EIO);
	CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), -EIO);
	CHECK_EQ(r.vq.bad_id, 3);
	dev_push(&r, (uint32_t)h0, 1501); /* longer than posted */
	CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), -EMSGSIZE);
	CHECK(t == &tok[0]);
	CHECK_EQ(len, 0);
	CHECK_EQ(r.vq.bad_len, 1);
	dev_push(&r, (uint32_t)h0, 5); /* already completed: no longer in flight */
	CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), -EIO);
	dev_push(&r, (uint32_t)h1, 1500);
	CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), 1);
	CHECK(t == &tok[1]);
	CHECK_EQ(len, 1500);
	CHECK_EQ(r.vq.num_free, 4);
	ring_free(&r);
}

static void test_indirect(void)
{
	struct ring r;
	ring_new(&r, 2, 0);
	struct vring_desc table[3];
	struct vq_buf b[3] = {{0x1000, 12}, {0x2000, 60}, {0x3000, 100}};
	int tok;
	int h = virtqueue_add_indirect(&r.vq, table, 0x9000, b, 2, 1, &tok);
	CHECK(h >= 0);
	CHECK_EQ(r.vq.num_free, 1);
	CHECK_EQ(r.desc[h].flags, VRING_DESC_F_INDIRECT);
	CHECK_EQ(r.desc[h].addr, 0x9000);
	CHECK_EQ(r.desc[h].len, 3 * sizeof(struct vring_desc));
	CHECK_EQ(table[0].flags, VRING_DESC_F_NEXT);
	CHECK_EQ(table[0].next, 1);
	CHECK_EQ(table[1].flags, VRING_DESC_F_NEXT);
	CHECK_EQ(table[2].flags, VRING_DESC_F_WRITE);
	CHECK_EQ(table[2].len, 100);
	CHECK_EQ(dev_pop(&r), h);
	dev_push(&r, (uint32_t)h, 101);
	void *t;
	uint32_t len;
	CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), -EMSGSIZE);
	CHECK_EQ(r.vq.num_free, 2);
	ring_free(&r);
}

static void test_need_event_math(void)
{
	/* event in [old, new) */
	CHECK(vring_need_event(5, 6, 5));
	CHECK(!vring_need_event(6, 6, 5));
	CHECK(!vring_need_event(4, 6, 5));
	CHECK(vring_need_event(5, 10, 0));
	CHECK(vring_need_event(0, 10, 0));
	CHECK(!vring_need_event(10, 10, 0));
	/* across the 16-bit wrap */
	CHECK(vring_need_event(0xffff, 2, 0xfffe));
	CHECK(vring_need_event(0, 2, 0xfffe));
	CHECK(vring_need_event(1, 2, 0xfffe));
	CHECK(!vring_need_event(2, 2, 0xfffe));
	CHECK(!vring_need_event(0xfffd, 2, 0xfffe));
	/* nothing new: never */
	CHECK(!vring_need_event(7, 7, 7));
}

static void test_kick_prepare(void)
{
	struct ring r;
	struct vq_buf b = {0x1000, 10};
	int tok;
	void *t;
	uint32_t len;

	/* Without EVENT_IDX: the used ring's NO_NOTIFY flag decides. */
	ring_new(&r, 4, 0);
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 0); /* nothing added */
	virtqueue_add(&r.vq, &b, 1, 0, &tok);
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 1);
	r.used->flags = VRING_USED_F_NO_NOTIFY;
	virtqueue_add(&r.vq, &b, 1, 0, &tok);
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 0);
	ring_free(&r);

	/* With EVENT_IDX: avail_event (after the used ring) decides. */
	ring_new(&r, 4, 1);
	uint16_t *avail_event = (uint16_t *)&r.used->ring[4];
	*avail_event = 0;
	virtqueue_add(&r.vq, &b, 1, 0, &tok); /* 0 -> 1 passes 0 */
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 1);
	virtqueue_add(&r.vq, &b, 1, 0, &tok); /* 1 -> 2: device wants 0, already told */
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 0);
	*avail_event = 3;
	virtqueue_add(&r.vq, &b, 1, 0, &tok); /* 2 -> 3 does not pass 3 */
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 0);
	virtqueue_add(&r.vq, &b, 1, 0, &tok); /* 3 -> 4 passes 3 */
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 1);

	/* used_event: enable_interrupts publishes last_used and reports pending work. */
	uint16_t *used_event = &r.avail->ring[4];
	CHECK_EQ(virtqueue_enable_interrupts(&r.vq), 0);
	CHECK_EQ(*used_event, 0);
	dev_push(&r, (uint32_t)dev_pop(&r), 0);
	CHECK_EQ(virtqueue_enable_interrupts(&r.vq), 1);
	CHECK_EQ(virtqueue_get_used(&r.vq, &t, &len), 1);
	CHECK_EQ(virtqueue_enable_interrupts(&r.vq), 0);
	CHECK_EQ(*used_event, 1);
	ring_free(&r);
}

/* Add one chain and let the device complete it at once (keeps descriptors free). */
static void add_and_complete(struct ring *r)
{
	static int tok;
	struct vq_buf b = {0x1000, 10};
	void *t;
	uint32_t len;
	CHECK(virtqueue_add(&r->vq, &b, 1, 0, &tok) >= 0);
	dev_push(r, (uint32_t)dev_pop(r), 0);
	CHECK_EQ(virtqueue_get_used(&r->vq, &t, &len), 1);
}

/* A notification skipped because avail_event was read before the device's
 * store of it was visible (QEMU TCG drops a one-vCPU guest's fences). */
static void test_missed_notification(void)
{
	struct ring r;
	ring_new(&r, 4, 1);
	uint16_t *avail_event = (uint16_t *)&r.used->ring[4];
	*avail_event = 0;
	add_and_complete(&r); /* 0 -> 1 passes 0 */
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 1);
	CHECK(!virtqueue_kick_unsettled(&r.vq));

	/* The device ran dry at 1 and asked to hear of entry 1; we read the old 0. */
	add_and_complete(&r); /* 1 -> 2 */
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 0);
	CHECK(virtqueue_kick_unsettled(&r.vq));
	*avail_event = 1; /* now visible */
	/* The next add repairs it: [1, 3) holds 1. */
	add_and_complete(&r); /* 2 -> 3 */
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 1);
	CHECK(!virtqueue_kick_unsettled(&r.vq));

	/* Again, with no add after it: settling repairs it. */
	add_and_complete(&r); /* 3 -> 4, stale avail_event 1 */
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 0);
	*avail_event = 3;
	CHECK(virtqueue_kick_unsettled(&r.vq));
	CHECK_EQ(virtqueue_kick_settle(&r.vq), 1);
	CHECK(!virtqueue_kick_unsettled(&r.vq));

	/* A settled "no": the device does not want 4 yet; stays settled until the next add. */
	*avail_event = 5;
	add_and_complete(&r); /* 4 -> 5 */
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 0);
	CHECK_EQ(virtqueue_kick_settle(&r.vq), 0);
	CHECK(!virtqueue_kick_unsettled(&r.vq));
	add_and_complete(&r); /* 5 -> 6 passes 5 */
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 1);
	ring_free(&r);

	/* Without EVENT_IDX the same repair: a stale NO_NOTIFY, then the flag clears. */
	ring_new(&r, 4, 0);
	r.used->flags = VRING_USED_F_NO_NOTIFY;
	add_and_complete(&r);
	CHECK_EQ(virtqueue_kick_prepare(&r.vq), 0);
	r.used->flags = 0;
	CHECK_EQ(virtqueue_kick_settle(&r.vq), 1);
	ring_free(&r);
}

static void test_legacy_layout(void)
{
	/* 256 entries: 4096 of descriptors + 518 of avail, used at 8192. */
	CHECK_EQ(vring_legacy_used_offset(256, 4096), 8192);
	CHECK_EQ(vring_legacy_bytes(256, 4096), 8192 + 6 + 8 * 256);
	CHECK_EQ(vring_legacy_used_offset(16, 4096), 4096);
	CHECK_EQ(vring_legacy_used_offset(16, 4), 296); /* 294 rounded up to 4 */
}

int main(void)
{
	test_bad_size();
	test_alloc_free();
	test_wraparound();
	test_bad_used();
	test_indirect();
	test_need_event_math();
	test_kick_prepare();
	test_missed_notification();
	test_legacy_layout();
	return check_done();
}

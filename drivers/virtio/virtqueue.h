/*
 * Split virtqueues (virtio 1.x section 2.7), the pure ring logic: descriptor
 * free list, publishing chains on the available ring, consuming the used ring,
 * and the notification-suppression arithmetic (VIRTIO_F_EVENT_IDX). No device
 * access and no allocation of ring memory here, so it is host-testable
 * (tests/unit/test_virtqueue.c); the transports place the rings in memory the
 * device can reach and tell the device where they are.
 *
 * The device writes only the used ring. Everything read from it is checked
 * before use: an id that is not the head of a chain in flight, or a length
 * larger than the chain's device-writable part, is counted and reported and
 * never used as an index or a size.
 */
#ifndef AMPHI_VIRTQUEUE_H
#define AMPHI_VIRTQUEUE_H

#include <stddef.h>
#include <stdint.h>

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_DESC_F_INDIRECT 4
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY 1

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* size entries, then used_event */
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[]; /* size entries, then avail_event */
};

#define VIRTQ_MAX_SIZE 32768

/* Bytes of the three parts for a queue of size entries. */
static inline size_t vring_desc_bytes(unsigned size) { return 16u * size; }
static inline size_t vring_avail_bytes(unsigned size) { return 6u + 2u * size; }
static inline size_t vring_used_bytes(unsigned size) { return 6u + 8u * size; }
/* The legacy layout: descriptors, then the available ring, then the used
 * ring at the next multiple of align. Returns the total size. */
size_t vring_legacy_bytes(unsigned size, size_t align);
size_t vring_legacy_used_offset(unsigned size, size_t align);

/* One piece of a buffer: a device address and a length. */
struct vq_buf {
	uint64_t addr;
	uint32_t len;
};

/* Per-chain bookkeeping, indexed by the chain's head descriptor. */
struct vq_slot {
	void *token;	 /* the caller's cookie; NULL when the head is free */
	uint32_t in_len; /* total device-writable bytes posted */
	uint16_t ndesc;	 /* descriptors the chain holds in the table */
};

struct virtqueue {
	uint16_t size;	/* power of two */
	uint16_t index; /* queue number on the device */
	int event_idx;	/* VIRTIO_F_EVENT_IDX negotiated */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;

	uint16_t free_head; /* first free descriptor */
	uint16_t num_free;
	uint16_t avail_idx;  /* next avail->idx we will publish */
	uint16_t notified_idx; /* avail_idx when we last notified the device */
	uint16_t settled_idx;  /* avail_idx at the last virtqueue_kick_settle() */
	uint16_t last_used;  /* next used entry to consume */
	uint16_t *next_free; /* our own copy of the free-list links */
	struct vq_slot *slot;

	/* Errors seen in the used ring. */
	uint64_t bad_id, bad_len;
	/* Where the transport writes to notify the device (its business). */
	volatile void *notify;
};

/* Set up a queue over ring memory the caller provides (zeroed here); slot
 * and next_free are arrays of size entries. size must be a power of two. */
int virtqueue_init(struct virtqueue *vq, uint16_t index, uint16_t size, int event_idx,
		   struct vring_desc *desc, struct vring_avail *avail, struct vring_used *used,
		   struct vq_slot *slot, uint16_t *next_free);

/* Make a chain of n_out device-readable pieces followed by n_in
 * device-writable ones and publish it. Returns the head, -ENOSPC when the
 * table has too few free descriptors, -EINVAL for an empty chain or a NULL token. */
int virtqueue_add(struct virtqueue *vq, const struct vq_buf *bufs, unsigned n_out, unsigned n_in,
		  void *token);

/* The same chain written into an indirect table (caller's memory at device
 * address table_addr, room for n_out + n_in entries); uses one descriptor. */
int virtqueue_add_indirect(struct virtqueue *vq, struct vring_desc *table, uint64_t table_addr,
			   const struct vq_buf *bufs, unsigned n_out, unsigned n_in, void *token);

/* After adding: must the device be notified? (EVENT_IDX: has it asked to
 * hear about an index we published since our last notification; otherwise:
 * has it not said NO_NOTIFY.) Returns 1 when the caller must notify now.
 *
 * The answer can be wrong for a moment: it rests on "we store avail->idx,
 * fence, load avail_event" racing with the device's "store avail_event,
 * fence, load avail->idx", and QEMU's TCG drops a single-vCPU guest's fences,
 * so both sides can read the other's old value. Measuring from the last real
 * notification (not the last decision) makes the next add repair a missed
 * notification; virtqueue_kick_settle() repairs one with no add after it. */
int virtqueue_kick_prepare(struct virtqueue *vq);

/* Were chains published whose notification decision was made only in that
 * racy moment (neither notified nor settled since)? */
int virtqueue_kick_unsettled(const struct virtqueue *vq);

/* Decide again, well after publishing (a millisecond is plenty: both sides'
 * stores are visible by then), and remember that this decision is final.
 * Returns 1 when the caller must notify now. */
int virtqueue_kick_settle(struct virtqueue *vq);

/* The next used chain: 1 with *token and *len (bytes the device wrote), 0 when
 * there is none. A bad id is skipped (-EIO, *token = NULL); a length beyond
 * what was posted frees the chain and returns -EMSGSIZE with *token set so
 * the caller can recycle the buffer without trusting its contents. */
int virtqueue_get_used(struct virtqueue *vq, void **token, uint32_t *len);

/* Is there something on the used ring? */
int virtqueue_has_used(const struct virtqueue *vq);

/* Ask for an interrupt when the next chain is used (EVENT_IDX: used_event =
 * last_used; else clear NO_INTERRUPT). Returns 1 if chains are already
 * waiting, so the caller must poll again instead of sleeping. */
int virtqueue_enable_interrupts(struct virtqueue *vq);
/* Say we are polling and want no interrupts (a hint the device may ignore). */
void virtqueue_disable_interrupts(struct virtqueue *vq);

/* The EVENT_IDX rule (spec 2.7.7.2/2.7.10): notify when event lies in
 * [old, new), modulo 2^16. */
static inline int vring_need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old_idx);
}

#endif

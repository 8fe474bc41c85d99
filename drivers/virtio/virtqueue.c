/* Split-virtqueue ring logic; see virtqueue.h. */
#include "virtqueue.h"

#include <errno.h>
#include <string.h>

/* Ring fields shared with the device: the device must see a chain's
 * descriptors before the index that publishes it, and we must read a used
 * entry only after the index that covers it. x86 keeps stores ordered and
 * loads ordered, so acquire/release cost nothing but a compiler barrier;
 * only "store used_event, then load used->idx" needs a real fence. */
#define load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define full_fence() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* avail->ring[size] and used->ring[size] hold the EVENT_IDX fields. */
static volatile uint16_t *used_event(struct virtqueue *vq) { return &vq->avail->ring[vq->size]; }
static volatile uint16_t *avail_event(const struct virtqueue *vq)
{
	return (volatile uint16_t *)&vq->used->ring[vq->size];
}

size_t vring_legacy_used_offset(unsigned size, size_t align)
{
	size_t end = vring_desc_bytes(size) + vring_avail_bytes(size);
	return (end + align - 1) & ~(align - 1);
}

size_t vring_legacy_bytes(unsigned size, size_t align)
{
	return vring_legacy_used_offset(size, align) + vring_used_bytes(size);
}

int virtqueue_init(struct virtqueue *vq, uint16_t index, uint16_t size, int event_idx,
		   struct vring_desc *desc, struct vring_avail *avail, struct vring_used *used,
		   struct vq_slot *slot, uint16_t *next_free)
{
	if (size == 0 || (size & (size - 1)) || size > VIRTQ_MAX_SIZE)
		return -EINVAL;
	memset(vq, 0, sizeof(*vq));
	vq->size = size;
	vq->index = index;
	vq->event_idx = event_idx;
	vq->desc = desc;
	vq->avail = avail;
	vq->used = used;
	vq->slot = slot;
	vq->next_free = next_free;
	memset(desc, 0, vring_desc_bytes(size));
	memset(avail, 0, vring_avail_bytes(size));
	memset(used, 0, vring_used_bytes(size));
	memset(slot, 0, sizeof(*slot) * size);
	for (unsigned i = 0; i < size; i++)
		next_free[i] = (uint16_t)(i + 1);
	vq->num_free = size;
	return 0;
}

/* Take n descriptors off the free list, linked in order; returns the head. */
static uint16_t take_descs(struct virtqueue *vq, unsigned n, uint16_t *ids)
{
	uint16_t head = vq->free_head;
	for (unsigned i = 0; i < n; i++) {
		ids[i] = vq->free_head;
		vq->free_head = vq->next_free[vq->free_head];
	}
	vq->num_free = (uint16_t)(vq->num_free - n);
	return head;
}

static void fill_desc(struct vring_desc *d, const struct vq_buf *b, int writable, int more,
		      uint16_t next)
{
	d->addr = b->addr;
	d->len = b->len;
	d->flags = (uint16_t)((writable ? VRING_DESC_F_WRITE : 0) | (more ? VRING_DESC_F_NEXT : 0));
	d->next = more ? next : 0;
}

static uint32_t writable_bytes(const struct vq_buf *bufs, unsigned n_out, unsigned n_in)
{
	uint64_t sum = 0;
	for (unsigned i = n_out; i < n_out + n_in; i++)
		sum += bufs[i].len;
	return sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
}

/* Put head on the available ring and move the index the device reads. */
static void publish(struct virtqueue *vq, uint16_t head)
{
	vq->avail->ring[vq->avail_idx & (vq->size - 1)] = head;
	vq->avail_idx++;
	store_release(&vq->avail->idx, vq->avail_idx);
}

int virtqueue_add(struct virtqueue *vq, const struct vq_buf *bufs, unsigned n_out, unsigned n_in,
		  void *token)
{
	unsigned n = n_out + n_in;
	if (n == 0 || !token)
		return -EINVAL;
	if (n > vq->num_free)
		return -ENOSPC;
	uint16_t ids[n];
	uint16_t head = take_descs(vq, n, ids);
	for (unsigned i = 0; i < n; i++)
		fill_desc(&vq->desc[ids[i]], &bufs[i], i >= n_out, i + 1 < n,
			  i + 1 < n ? ids[i + 1] : 0);
	vq->slot[head] = (struct vq_slot){token, writable_bytes(bufs, n_out, n_in), (uint16_t)n};
	publish(vq, head);
	return head;
}

int virtqueue_add_indirect(struct virtqueue *vq, struct vring_desc *table, uint64_t table_addr,
			   const struct vq_buf *bufs, unsigned n_out, unsigned n_in, void *token)
{
	unsigned n = n_out + n_in;
	if (n == 0 || !token)
		return -EINVAL;
	if (vq->num_free < 1)
		return -ENOSPC;
	for (unsigned i = 0; i < n; i++)
		fill_desc(&table[i], &bufs[i], i >= n_out, i + 1 < n, (uint16_t)(i + 1));
	uint16_t head;
	take_descs(vq, 1, &head);
	struct vq_buf whole = {table_addr, (uint32_t)(n * sizeof(struct vring_desc))};
	fill_desc(&vq->desc[head], &whole, 0, 0, 0);
	vq->desc[head].flags = VRING_DESC_F_INDIRECT;
	vq->slot[head] = (struct vq_slot){token, writable_bytes(bufs, n_out, n_in), 1};
	publish(vq, head);
	return head;
}

int virtqueue_kick_prepare(struct virtqueue *vq)
{
	full_fence(); /* our avail->idx store before reading the device's wishes */
	uint16_t told = vq->notified_idx, now = vq->avail_idx;
	if (told == now)
		return 0;
	int need = vq->event_idx ? vring_need_event(*avail_event(vq), now, told)
				 : !(load_acquire(&vq->used->flags) & VRING_USED_F_NO_NOTIFY);
	if (need)
		vq->notified_idx = now;
	return need;
}

int virtqueue_kick_unsettled(const struct virtqueue *vq)
{
	return vq->avail_idx != vq->notified_idx && vq->avail_idx != vq->settled_idx;
}

int virtqueue_kick_settle(struct virtqueue *vq)
{
	vq->settled_idx = vq->avail_idx;
	return virtqueue_kick_prepare(vq);
}

/* Give the chain at head back to the free list. take_descs left next_free
 * linking the chain's descriptors in order, so we walk our own links, never
 * the descriptor table (memory the device can reach). */
static void free_chain(struct virtqueue *vq, uint16_t head)
{
	uint16_t last = head;
	unsigned n = vq->slot[head].ndesc;
	for (unsigned i = 1; i < n; i++)
		last = vq->next_free[last];
	vq->next_free[last] = vq->free_head;
	vq->free_head = head;
	vq->num_free = (uint16_t)(vq->num_free + n);
	vq->slot[head].token = NULL;
}

int virtqueue_has_used(const struct virtqueue *vq)
{
	return load_acquire(&vq->used->idx) != vq->last_used;
}

int virtqueue_get_used(struct virtqueue *vq, void **token, uint32_t *len)
{
	*token = NULL;
	*len = 0;
	if (!virtqueue_has_used(vq))
		return 0;
	volatile struct vring_used_elem *e = &vq->used->ring[vq->last_used & (vq->size - 1)];
	uint32_t id = e->id, n = e->len;
	vq->last_used++;
	if (id >= vq->size || !vq->slot[id].token) {
		vq->bad_id++;
		return -EIO;
	}
	void *t = vq->slot[id].token;
	uint32_t posted = vq->slot[id].in_len;
	free_chain(vq, (uint16_t)id);
	*token = t;
	if (n > posted) {
		vq->bad_len++;
		return -EMSGSIZE;
	}
	*len = n;
	return 1;
}

int virtqueue_enable_interrupts(struct virtqueue *vq)
{
	if (vq->event_idx)
		*used_event(vq) = vq->last_used;
	else
		vq->avail->flags &= (uint16_t)~VRING_AVAIL_F_NO_INTERRUPT;
	full_fence(); /* the store above before the load below */
	return virtqueue_has_used(vq);
}

void virtqueue_disable_interrupts(struct virtqueue *vq)
{
	/* With EVENT_IDX, leaving used_event behind is enough: the device
	 * interrupts only when it passes that index again. */
	if (!vq->event_idx)
		vq->avail->flags |= VRING_AVAIL_F_NO_INTERRUPT;
}

/* Binary min-heap of timers keyed by deadline; each timer knows its slot so
 * removal is O(log n) too. */
#include <errno.h>
#include <stdlib.h>

#include "timer.h"

static void place(struct timer_heap *h, size_t i, struct timer *t)
{
	h->slot[i] = t;
	t->heap_index = i;
}

static void sift_up(struct timer_heap *h, size_t i)
{
	struct timer *t = h->slot[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (h->slot[parent]->deadline <= t->deadline)
			break;
		place(h, i, h->slot[parent]);
		i = parent;
	}
	place(h, i, t);
}

static void sift_down(struct timer_heap *h, size_t i)
{
	struct timer *t = h->slot[i];
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= h->len)
			break;
		if (child + 1 < h->len && h->slot[child + 1]->deadline < h->slot[child]->deadline)
			child++;
		if (t->deadline <= h->slot[child]->deadline)
			break;
		place(h, i, h->slot[child]);
		i = child;
	}
	place(h, i, t);
}

int timer_heap_push(struct timer_heap *h, struct timer *t)
{
	if (h->len == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		struct timer **slot = realloc(h->slot, cap * sizeof(*slot));
		if (!slot)
			return -ENOMEM;
		h->slot = slot;
		h->cap = cap;
	}
	place(h, h->len++, t);
	sift_up(h, t->heap_index);
	return 0;
}

void timer_heap_remove(struct timer_heap *h, struct timer *t)
{
	size_t i = t->heap_index;
	if (i >= h->len || h->slot[i] != t)
		return;
	t->heap_index = TIMER_IDLE;
	struct timer *last = h->slot[--h->len];
	if (last == t)
		return;
	place(h, i, last);
	/* The moved timer may belong above or below its new slot. */
	if (i > 0 && h->slot[(i - 1) / 2]->deadline > last->deadline)
		sift_up(h, i);
	else
		sift_down(h, i);
}

struct timer *timer_heap_min(const struct timer_heap *h) { return h->len ? h->slot[0] : NULL; }

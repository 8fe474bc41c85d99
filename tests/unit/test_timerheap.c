/* UNIT_SOURCES: kernel/timerheap.c */
/* Host test of the timer min-heap (timer_heap_push/remove/min) against a
 * model: a sorted array of the queued timers' deadlines. Random sequences of
 * pushes, removals of arbitrary queued timers, removals of the minimum (what
 * timers_run does), re-arms and no-op removals over 10,000 timers, with wide
 * and narrow deadline ranges (many ties); after every operation the minimum
 * and the size must match the model, and regularly the whole heap is checked:
 * the heap order, every timer's heap_index, and the multiset of deadlines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kernel/timer.h"

enum { NTIMERS = 10000 };

static struct timer timers[NTIMERS];

/* timer_init/timer_armed live in timer.c with the platform glue; the heap
 * itself only keeps heap_index up to date. */
static int armed(const struct timer *t) { return t->heap_index != TIMER_IDLE; }
static struct timer_heap heap;

/* The model: queued deadlines, sorted ascending. */
static uint64_t model[NTIMERS];
static size_t model_len;

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static size_t model_find(uint64_t d) /* first index with model[i] >= d */
{
	size_t lo = 0, hi = model_len;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (model[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void model_insert(uint64_t d)
{
	size_t i = model_find(d);
	memmove(&model[i + 1], &model[i], (model_len - i) * sizeof(model[0]));
	model[i] = d;
	model_len++;
}

static int model_erase(uint64_t d)
{
	size_t i = model_find(d);
	if (i == model_len || model[i] != d)
		return 0;
	memmove(&model[i], &model[i + 1], (model_len - i - 1) * sizeof(model[0]));
	model_len--;
	return 1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Everything about the heap, O(n). Returns 0 if broken. */
static int heap_valid(void)
{
	static uint64_t got[NTIMERS];
	if (heap.len != model_len)
		return 0;
	for (size_t i = 0; i < heap.len; i++) {
		struct timer *t = heap.slot[i];
		if (t->heap_index != i)
			return 0;
		if (i > 0 && heap.slot[(i - 1) / 2]->deadline > t->deadline)
			return 0;
		got[i] = t->deadline;
	}
	size_t queued = 0;
	for (size_t i = 0; i < NTIMERS; i++)
		queued += armed(&timers[i]);
	if (queued != heap.len)
		return 0; /* a removed timer still looks armed, or the reverse */
	qsort(got, heap.len, sizeof(got[0]), cmp_u64);
	return memcmp(got, model, heap.len * sizeof(got[0])) == 0;
}

/* Cheap, after every operation. */
static int heap_matches_min(void)
{
	struct timer *m = timer_heap_min(&heap);
	if (model_len == 0)
		return m == NULL && heap.len == 0;
	return m && heap.len == model_len && m->deadline == model[0] && m->heap_index == 0;
}

static void push(struct timer *t, uint64_t deadline)
{
	t->deadline = deadline;
	CHECK_EQ(timer_heap_push(&heap, t), 0);
	model_insert(deadline);
}

static void remove_timer(struct timer *t)
{
	int was_armed = armed(t);
	timer_heap_remove(&heap, t);
	CHECK(!armed(t));
	if (was_armed)
		CHECK(model_erase(t->deadline));
}

/* One random run: ops operations, deadlines drawn from [base, base + range). */
static void scenario(const char *name, unsigned ops, uint64_t base, uint64_t range,
		     unsigned full_check_every)
{
	for (size_t i = 0; i < NTIMERS; i++)
		timers[i] = (struct timer){ .heap_index = TIMER_IDLE };
	memset(&heap, 0, sizeof(heap));
	model_len = 0;
	int broken = 0;

	for (unsigned op = 0; op < ops && !broken; op++) {
		struct timer *t = &timers[rnd() % NTIMERS];
		unsigned what = (unsigned)(rnd() % 100);
		uint64_t d = base + rnd() % range;
		if (what < 45) {          /* arm, or re-arm as timer_start does */
			if (armed(t))
				remove_timer(t);
			push(t, d);
		} else if (what < 70) {   /* stop an arbitrary timer (often not armed) */
			remove_timer(t);
		} else if (what < 90) {   /* expire the earliest */
			struct timer *m = timer_heap_min(&heap);
			if (m) {
				uint64_t dl = m->deadline;
				remove_timer(m);
				CHECK(model_len == 0 || model[0] >= dl);
			}
		} else if (what < 95) {   /* periodic: pop the minimum, push it later */
			struct timer *m = timer_heap_min(&heap);
			if (m) {
				uint64_t dl = m->deadline;
				remove_timer(m);
				push(m, dl + 1 + rnd() % (range ? range : 1));
			}
		} else {                  /* remove twice: the second is a no-op */
			remove_timer(t);
			size_t len = heap.len;
			timer_heap_remove(&heap, t);
			CHECK_EQ(heap.len, len);
		}
		if (!heap_matches_min()) {
			fprintf(stderr, "%s: op %u: minimum/size differ from the model\n", name, op);
			broken = 1;
		} else if (op % full_check_every == 0 && !heap_valid()) {
			fprintf(stderr, "%s: op %u: heap invariants broken\n", name, op);
			broken = 1;
		}
	}
	CHECK(!broken);
	CHECK(heap_valid());

	/* Fill every timer, then drain by the minimum: deadlines come out sorted. */
	for (size_t i = 0; i < NTIMERS; i++)
		if (!armed(&timers[i]))
			push(&timers[i], base + rnd() % range);
	CHECK_EQ(heap.len, NTIMERS);
	CHECK(heap_valid());
	uint64_t prev = 0;
	size_t drained = 0;
	int order_ok = 1;
	struct timer *m;
	while ((m = timer_heap_min(&heap))) {
		if (m->deadline < prev || m->deadline != model[0])
			order_ok = 0;
		prev = m->deadline;
		remove_timer(m);
		drained++;
	}
	CHECK(order_ok);
	CHECK_EQ(drained, NTIMERS);
	CHECK_EQ(model_len, 0);
	CHECK(timer_heap_min(&heap) == NULL);
	free(heap.slot);
	printf("%s: %u operations, %zu timers drained in order\n", name, ops, drained);
}

/* Removal from the middle where the last timer must move up, not down. */
static void test_remove_sifts_up(void)
{
	memset(&heap, 0, sizeof(heap));
	model_len = 0;
	for (size_t i = 0; i < NTIMERS; i++)
		timers[i] = (struct timer){ .heap_index = TIMER_IDLE };
	/* As a heap: 1 / (100 2) / (101 102 3 4). */
	static const uint64_t d[] = { 1, 100, 2, 101, 102, 3, 4 };
	for (size_t i = 0; i < 7; i++)
		push(&timers[i], d[i]);
	/* Removing 101 moves the last timer (4) into its slot, under 100: it
	 * must sift up. */
	remove_timer(&timers[3]);
	CHECK(heap_valid());
	remove_timer(&timers[1]);
	CHECK(heap_valid());
	CHECK_EQ(timer_heap_min(&heap)->deadline, 1);
	while ((timer_heap_min(&heap)))
		remove_timer(timer_heap_min(&heap));
	CHECK(heap_valid());
	free(heap.slot);
}

int main(void)
{
	test_remove_sifts_up();
	scenario("wide deadlines", 200000, 1000, UINT64_C(1) << 40, 997);
	scenario("narrow deadlines (ties)", 200000, 5, 16, 991);
	scenario("huge deadlines", 50000, UINT64_MAX - 1000000, 1000000, 499);
	return check_done();
}

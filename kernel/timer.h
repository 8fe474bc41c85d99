/*
 * Kernel timers: one-shot and periodic callbacks ordered by deadline in a
 * binary min-heap (O(log n) start/stop). Callbacks run from the scheduler
 * (never in an interrupt handler) with interrupts disabled, on whatever
 * thread stack is scheduling; they must be short and must not block (waking a
 * thread, signalling an event, restarting a timer are fine). Timers are
 * started and stopped from threads only, not from interrupt handlers.
 */
#ifndef AMPHI_TIMER_H
#define AMPHI_TIMER_H

#include <stddef.h>
#include <stdint.h>

struct timer {
	uint64_t deadline;  /* monotonic ns */
	uint64_t period;    /* 0 = one-shot */
	void (*fn)(struct timer *t, void *arg);
	void *arg;
	size_t heap_index;  /* position in the heap; TIMER_IDLE when not queued */
};
#define TIMER_IDLE ((size_t)-1)

void timer_init(struct timer *t, void (*fn)(struct timer *, void *), void *arg);
/* (Re)arm t for deadline_ns, then every period_ns if non-zero. Returns 0 or
 * -ENOMEM when the heap cannot grow. */
int timer_start(struct timer *t, uint64_t deadline_ns, uint64_t period_ns);
/* Disarm t; returns 1 if it was armed. */
int timer_stop(struct timer *t);
int timer_armed(const struct timer *t);

/* For the scheduler: run every timer due at now; return the next deadline
 * (UINT64_MAX if none). */
uint64_t timers_run(uint64_t now);

/* The heap itself, pure logic (kernel/timerheap.c, host-tested); storage
 * grows with realloc. */
struct timer_heap {
	struct timer **slot;
	size_t len, cap;
};
int timer_heap_push(struct timer_heap *h, struct timer *t); /* 0 or -ENOMEM */
void timer_heap_remove(struct timer_heap *h, struct timer *t);
struct timer *timer_heap_min(const struct timer_heap *h);    /* NULL if empty */

#endif

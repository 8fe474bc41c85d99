/* Kernel timers on one deadline heap; the platform's one-shot timer is kept
 * armed for the earliest deadline only (tickless). */
#include "timer.h"

#include "platform/platform.h"

static struct timer_heap heap;
static uint64_t armed_for = UINT64_MAX; /* deadline the hardware timer is set to */

static void rearm(void)
{
	struct timer *first = timer_heap_min(&heap);
	uint64_t next = first ? first->deadline : UINT64_MAX;
	if (next != armed_for && platform && platform->timer_set) {
		armed_for = next;
		platform->timer_set(next);
	}
}

void timer_init(struct timer *t, void (*fn)(struct timer *, void *), void *arg)
{
	*t = (struct timer){ .fn = fn, .arg = arg, .heap_index = TIMER_IDLE };
}

int timer_armed(const struct timer *t) { return t->heap_index != TIMER_IDLE; }

int timer_start(struct timer *t, uint64_t deadline_ns, uint64_t period_ns)
{
	if (timer_armed(t))
		timer_heap_remove(&heap, t);
	t->deadline = deadline_ns;
	t->period = period_ns;
	int rc = timer_heap_push(&heap, t);
	if (rc == 0 && timer_heap_min(&heap) == t)
		rearm();
	return rc;
}

int timer_stop(struct timer *t)
{
	if (!timer_armed(t))
		return 0;
	timer_heap_remove(&heap, t);
	/* Leaving the hardware armed for a removed deadline costs one spurious
	 * wake-up at most, which is cheaper than reprogramming on every stop. */
	return 1;
}

uint64_t timers_run(uint64_t now)
{
	struct timer *t;
	while ((t = timer_heap_min(&heap)) && t->deadline <= now) {
		timer_heap_remove(&heap, t);
		if (t->period) {
			/* Keep the phase; skip the periods missed while we were busy. */
			t->deadline += ((now - t->deadline) / t->period + 1) * t->period;
			timer_heap_push(&heap, t);
		}
		t->fn(t, t->arg);
	}
	armed_for = UINT64_MAX; /* the hardware timer has fired or will be re-set */
	rearm();
	t = timer_heap_min(&heap);
	return t ? t->deadline : UINT64_MAX;
}

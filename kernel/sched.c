/*
 * Cooperative scheduler for one vCPU. Every run-queue and wait-queue change
 * happens with interrupts disabled, because interrupt handlers may wake
 * threads (event_signal); nothing else needs locking, since a thread is only
 * ever switched out at a call into the scheduler.
 */
#include "thread.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "list.h"
#include "mm.h"
#include "panic.h"
#include "platform/platform.h"
#include "sched_internal.h"
#include "timer.h"

static struct thread main_thread = { .name = "main" };
struct thread *current = &main_thread;
static struct list runq = LIST_INIT(runq);
static struct list dead = LIST_INIT(dead); /* ended and detached: stacks to free */
/* Every thread not yet freed, in creation order; only debuggers read it
 * (tools/gdb/amphi.py: amphi-threads). */
static struct list all_threads = LIST_INIT(all_threads);
static const struct sched_libc_hooks *libc;
static volatile int timer_fired;

uint64_t time_now_ns(void) { return platform->monotonic_ns(); }
uint64_t time_wall_ns(void) { return platform->wallclock_ns(); }

struct thread *thread_self(void) { return current; }
const char *thread_name(const struct thread *t) { return t->name; }

void sched_make_runnable(struct thread *t)
{
	t->state = THREAD_RUNNABLE;
	list_push_back(&runq, &t->link);
}

/* platform.h: the platform's timer interrupt, timers are due. */
void kernel_timer_interrupt(void) { timer_fired = 1; }

static void free_thread(struct thread *t)
{
	unsigned long irq = arch_irq_save();
	list_remove(&t->all);
	arch_irq_restore(irq);
	mm_stack_free(t->stack_top, t->stack_size);
	free(t);
}

static void reap(void)
{
	struct list *n;
	while ((n = list_pop_front(&dead)))
		free_thread(list_entry(n, struct thread, link));
}

/* Switch to the next runnable thread; the caller has disabled interrupts and
 * has already queued or blocked the current thread. With nothing runnable,
 * run due timers, then halt until an interrupt. */
void sched_switch(void)
{
	struct thread *prev = current, *next;
	for (;;) {
		if (timer_fired || list_empty(&runq)) {
			timer_fired = 0;
			timers_run(time_now_ns());
		}
		struct list *n = list_pop_front(&runq);
		if (n) {
			next = list_entry(n, struct thread, link);
			break;
		}
		platform->idle();
	}
	next->state = THREAD_RUNNING;
	if (next != prev) {
		current = next;
		if (libc)
			libc->switch_to(next->libc_state);
		arch_switch(&prev->sp, next->sp);
		/* Running as prev again. */
	}
	reap();
}

void thread_yield(void)
{
	unsigned long irq = arch_irq_save();
	sched_make_runnable(current);
	sched_switch();
	arch_irq_restore(irq);
}

static void wake_sleeper(struct timer *t, void *arg)
{
	(void)t;
	struct thread *th = arg;
	if (th->state == THREAD_BLOCKED && !th->waiting_on) {
		sched_make_runnable(th);
	} else if (th->state == THREAD_BLOCKED) {
		/* A timed wait ran out: leave the wait queue, report the timeout. */
		list_remove(&th->link);
		th->waiting_on = NULL;
		th->timed_out = 1;
		sched_make_runnable(th);
	}
}

void thread_sleep_until(uint64_t deadline_ns)
{
	unsigned long irq = arch_irq_save();
	while (time_now_ns() < deadline_ns) {
		current->state = THREAD_BLOCKED;
		current->waiting_on = NULL;
		timer_start(&current->wake_timer, deadline_ns, 0);
		sched_switch();
	}
	arch_irq_restore(irq);
}

void thread_sleep_ns(uint64_t ns) { thread_sleep_until(time_now_ns() + ns); }

int sched_block(struct waitq *q, uint64_t deadline_ns)
{
	struct thread *self = current;
	self->state = THREAD_BLOCKED;
	self->waiting_on = q;
	self->timed_out = 0;
	list_push_back(&q->waiters, &self->link);
	if (deadline_ns)
		timer_start(&self->wake_timer, deadline_ns, 0);
	sched_switch();
	timer_stop(&self->wake_timer);
	return self->timed_out ? -ETIMEDOUT : 0;
}

struct thread *sched_wake_first(struct waitq *q)
{
	struct list *n = list_pop_front(&q->waiters);
	if (!n)
		return NULL;
	struct thread *t = list_entry(n, struct thread, link);
	t->waiting_on = NULL;
	sched_make_runnable(t);
	return t;
}

static void thread_entry(void)
{
	reap();
	struct thread *self = current;
	thread_exit(self->fn(self->arg));
}

struct thread *thread_create(const char *name, void *(*fn)(void *), void *arg, size_t stack_size)
{
	struct thread *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->stack_size = stack_size ? stack_size : THREAD_STACK_DEFAULT;
	t->stack_top = mm_stack_alloc(t->stack_size);
	t->libc_state = libc ? libc->thread_start() : NULL;
	if (!t->stack_top || (libc && !t->libc_state)) {
		if (t->stack_top)
			mm_stack_free(t->stack_top, t->stack_size);
		free(t);
		return NULL;
	}
	strncpy(t->name, name ? name : "thread", sizeof(t->name) - 1);
	t->fn = fn;
	t->arg = arg;
	waitq_init(&t->joiners);
	timer_init(&t->wake_timer, wake_sleeper, t);
	t->sp = arch_stack_init(t->stack_top, thread_entry);
	unsigned long irq = arch_irq_save();
	list_push_back(&all_threads, &t->all);
	sched_make_runnable(t);
	arch_irq_restore(irq);
	return t;
}

void thread_exit(void *ret)
{
	struct thread *self = current;
	if (self == &main_thread)
		exit((int)(intptr_t)ret); /* like returning from main */
	if (libc)
		libc->thread_end(self->libc_state);
	arch_irq_save();
	self->ret = ret;
	self->state = THREAD_DEAD;
	if (self->detached)
		list_push_back(&dead, &self->link);
	else
		waitq_wake_all(&self->joiners);
	sched_switch();
	panic("a dead thread was scheduled");
}

int thread_join(struct thread *t, void **ret)
{
	if (t == current)
		return -EDEADLK;
	if (t->detached || t->joined || t == &main_thread)
		return -EINVAL;
	t->joined = 1;
	unsigned long irq = arch_irq_save();
	while (t->state != THREAD_DEAD)
		sched_block(&t->joiners, 0);
	arch_irq_restore(irq);
	if (ret)
		*ret = t->ret;
	free_thread(t);
	return 0;
}

int thread_detach(struct thread *t)
{
	if (t->detached || t->joined || t == &main_thread)
		return -EINVAL;
	unsigned long irq = arch_irq_save();
	t->detached = 1;
	if (t->state == THREAD_DEAD)
		list_push_back(&dead, &t->link);
	arch_irq_restore(irq);
	return 0;
}

void sched_set_libc_hooks(const struct sched_libc_hooks *hooks, void *main_state)
{
	libc = hooks;
	main_thread.libc_state = main_state;
}

void sched_init(void)
{
	main_thread.state = THREAD_RUNNING;
	list_push_back(&all_threads, &main_thread.all);
	waitq_init(&main_thread.joiners);
	timer_init(&main_thread.wake_timer, wake_sleeper, &main_thread);
}

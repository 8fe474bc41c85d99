/* Wait queues, mutexes, condition variables, semaphores and events. */
#include "sync.h"

#include <errno.h>

#include "arch/arch.h"
#include "panic.h"
#include "sched_internal.h"

void waitq_init(struct waitq *q) { list_init(&q->waiters); }

int waitq_wait(struct waitq *q, uint64_t deadline_ns) { return sched_block(q, deadline_ns); }

int waitq_wake_one(struct waitq *q)
{
	unsigned long irq = arch_irq_save();
	int n = sched_wake_first(q) != NULL;
	arch_irq_restore(irq);
	return n;
}

int waitq_wake_all(struct waitq *q)
{
	unsigned long irq = arch_irq_save();
	int n = 0;
	while (sched_wake_first(q))
		n++;
	arch_irq_restore(irq);
	return n;
}

/* ---- mutex: ownership is handed to the first waiter, so it is FIFO-fair ---- */

void mutex_init(struct mutex *m)
{
	m->owner = NULL;
	waitq_init(&m->q);
}

int mutex_held(const struct mutex *m) { return m->owner == current; }

int mutex_trylock(struct mutex *m)
{
	if (m->owner)
		return 0;
	m->owner = current;
	return 1;
}

int mutex_timedlock(struct mutex *m, uint64_t deadline_ns)
{
	if (m->owner == current)
		panic("mutex_lock: deadlock: thread '%s' already holds this mutex", current->name);
	if (!m->owner) {
		m->owner = current;
		return 0;
	}
	unsigned long irq = arch_irq_save();
	int rc = sched_block(&m->q, deadline_ns);
	arch_irq_restore(irq);
	/* Woken by mutex_unlock means we were made the owner. */
	return rc;
}

void mutex_lock(struct mutex *m) { mutex_timedlock(m, 0); }

void mutex_unlock(struct mutex *m)
{
	if (m->owner != current)
		panic("mutex_unlock: thread '%s' does not hold this mutex (held by %s)", current->name,
		      m->owner ? m->owner->name : "nobody");
	/* Only threads wait on a mutex, so no waiter now means none can appear
	 * before we return: skip the interrupt-flag dance on the fast path. */
	if (list_empty(&m->q.waiters)) {
		m->owner = NULL;
		return;
	}
	unsigned long irq = arch_irq_save();
	m->owner = sched_wake_first(&m->q);
	arch_irq_restore(irq);
}

/* ---- condition variable ---- */

void cond_init(struct condvar *c) { waitq_init(&c->q); }

int cond_timedwait(struct condvar *c, struct mutex *m, uint64_t deadline_ns)
{
	if (m->owner != current)
		panic("cond_wait: thread '%s' does not hold the mutex", current->name);
	/* With interrupts off nothing can run between the unlock and the block,
	 * so no signal is lost. */
	unsigned long irq = arch_irq_save();
	mutex_unlock(m);
	int rc = sched_block(&c->q, deadline_ns);
	arch_irq_restore(irq);
	mutex_lock(m);
	return rc;
}

void cond_wait(struct condvar *c, struct mutex *m) { cond_timedwait(c, m, 0); }
void cond_signal(struct condvar *c) { waitq_wake_one(&c->q); }
void cond_broadcast(struct condvar *c) { waitq_wake_all(&c->q); }

/* ---- counting semaphore ---- */

void sem_init_k(struct semaphore *s, int64_t count)
{
	s->count = count;
	waitq_init(&s->q);
}

int sem_trydown(struct semaphore *s)
{
	unsigned long irq = arch_irq_save();
	int taken = s->count > 0;
	if (taken)
		s->count--;
	arch_irq_restore(irq);
	return taken;
}

int sem_timeddown(struct semaphore *s, uint64_t deadline_ns)
{
	unsigned long irq = arch_irq_save();
	int rc = 0;
	while (s->count == 0 && rc == 0)
		rc = sched_block(&s->q, deadline_ns);
	if (s->count > 0) {
		s->count--;
		rc = 0;
	}
	arch_irq_restore(irq);
	return rc;
}

void sem_down(struct semaphore *s) { sem_timeddown(s, 0); }

void sem_up(struct semaphore *s)
{
	unsigned long irq = arch_irq_save();
	s->count++;
	sched_wake_first(&s->q);
	arch_irq_restore(irq);
}

/* ---- event ---- */

void event_init(struct event *e)
{
	e->signalled = 0;
	waitq_init(&e->q);
}

void event_signal(struct event *e)
{
	unsigned long irq = arch_irq_save();
	e->signalled = 1;
	sched_wake_first(&e->q);
	arch_irq_restore(irq);
}

int event_wait_until(struct event *e, uint64_t deadline_ns)
{
	unsigned long irq = arch_irq_save();
	int rc = 0;
	while (!e->signalled && rc == 0)
		rc = sched_block(&e->q, deadline_ns);
	if (e->signalled) {
		e->signalled = 0;
		rc = 0;
	}
	arch_irq_restore(irq);
	return rc;
}

void event_wait(struct event *e) { event_wait_until(e, 0); }

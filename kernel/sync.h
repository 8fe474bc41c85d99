/*
 * Blocking primitives on top of the scheduler. All of them may be used from
 * threads; only event_signal (and waitq_wake_*) may also be called from an
 * interrupt handler. Misuse (unlocking a mutex you do not own, destroying a
 * busy one, waiting on a condition without its mutex) panics with a clear
 * message rather than corrupting state.
 */
#ifndef AMPHI_SYNC_H
#define AMPHI_SYNC_H

#include <stdint.h>

#include "list.h"

/* Threads blocked on something, woken in FIFO order. */
struct waitq {
	struct list waiters;
};
void waitq_init(struct waitq *q);
/* Block until woken or until deadline_ns (0 = no deadline): 0 or -ETIMEDOUT.
 * The caller must have interrupts disabled (arch_irq_save) so that a wake-up
 * cannot slip in between its check and the wait, and re-checks its
 * condition afterwards. */
int waitq_wait(struct waitq *q, uint64_t deadline_ns);
int waitq_wake_one(struct waitq *q); /* number woken (0 or 1) */
int waitq_wake_all(struct waitq *q);

struct mutex {
	struct thread *owner;
	struct waitq q;
};
#define MUTEX_INIT(m) { NULL, WAITQ_INIT((m).q) }
void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
int mutex_trylock(struct mutex *m); /* 1 if taken */
int mutex_timedlock(struct mutex *m, uint64_t deadline_ns); /* 0 or -ETIMEDOUT */
void mutex_unlock(struct mutex *m);
int mutex_held(const struct mutex *m); /* by the caller */

struct condvar {
	struct waitq q;
};
void cond_init(struct condvar *c);
void cond_wait(struct condvar *c, struct mutex *m);
int cond_timedwait(struct condvar *c, struct mutex *m, uint64_t deadline_ns); /* 0 / -ETIMEDOUT */
void cond_signal(struct condvar *c);
void cond_broadcast(struct condvar *c);

struct semaphore {
	int64_t count;
	struct waitq q;
};
void sem_init_k(struct semaphore *s, int64_t count);
void sem_down(struct semaphore *s);
int sem_trydown(struct semaphore *s);                       /* 1 if taken */
int sem_timeddown(struct semaphore *s, uint64_t deadline_ns); /* 0 / -ETIMEDOUT */
void sem_up(struct semaphore *s);

/* A flag an interrupt handler raises to wake a thread. event_wait returns
 * once the event is signalled and clears it (auto-reset). */
struct event {
	volatile int signalled;
	struct waitq q;
};
void event_init(struct event *e);
void event_signal(struct event *e); /* interrupt-safe */
void event_wait(struct event *e);
int event_wait_until(struct event *e, uint64_t deadline_ns); /* 0 / -ETIMEDOUT */

#endif

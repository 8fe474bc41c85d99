/* Scheduler internals shared by sched.c and sync.c only. */
#ifndef AMPHI_SCHED_INTERNAL_H
#define AMPHI_SCHED_INTERNAL_H

#include "list.h"
#include "sync.h"
#include "thread.h"
#include "timer.h"

enum thread_state { THREAD_RUNNABLE, THREAD_RUNNING, THREAD_BLOCKED, THREAD_DEAD };

struct thread {
	void *sp; /* saved stack pointer while switched out */
	enum thread_state state;
	struct list link;          /* in the run queue, a wait queue, or the dead list */
	struct list all;           /* in all_threads, until freed (for debuggers: tools/gdb) */
	struct waitq *waiting_on;  /* the wait queue we are blocked on, if any */
	struct timer wake_timer;   /* sleeps and timed waits */
	int timed_out;
	void *(*fn)(void *);
	void *arg, *ret;
	void *stack_top;
	size_t stack_size;
	int detached, joined;
	struct waitq joiners;
	void *libc_state;
	char name[THREAD_NAME_MAX];
};

extern struct thread *current;

/* All of these expect interrupts disabled. */
void sched_make_runnable(struct thread *t);
void sched_switch(void);
/* Block the current thread on q until woken or deadline_ns (0 = none). */
int sched_block(struct waitq *q, uint64_t deadline_ns);
/* Wake the first waiter of q; returns it, or NULL. */
struct thread *sched_wake_first(struct waitq *q);

#endif

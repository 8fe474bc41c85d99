/*
 * Threads and the scheduler: cooperative, one vCPU. A thread runs until it
 * blocks, sleeps, yields or exits; interrupt handlers never switch threads,
 * they only make threads runnable (event_signal) and the switch happens at
 * the next scheduling point. The run queue is a FIFO (O(1)); sleepers and
 * timers share one deadline heap (O(log n)). With nothing to run the CPU
 * halts until the next interrupt or deadline (platform->idle), never polling.
 */
#ifndef AMPHI_THREAD_H
#define AMPHI_THREAD_H

#include <stddef.h>
#include <stdint.h>

struct thread;

#define THREAD_STACK_DEFAULT (32 * 1024)
#define THREAD_NAME_MAX 24

/* A new runnable thread running fn(arg) on a stack of stack_size bytes (0 for
 * THREAD_STACK_DEFAULT) with a guard page below. NULL when out of memory. */
struct thread *thread_create(const char *name, void *(*fn)(void *), void *arg, size_t stack_size);
/* Wait for t to end and free it; *ret gets its return value. Returns 0,
 * -EDEADLK when t is the caller, -EINVAL when t is detached or already joined. */
int thread_join(struct thread *t, void **ret);
/* t's resources are freed as soon as it ends; it cannot be joined. */
int thread_detach(struct thread *t);
__attribute__((noreturn)) void thread_exit(void *ret);
struct thread *thread_self(void);
const char *thread_name(const struct thread *t);

void thread_yield(void);
/* Sleep until the monotonic clock reaches deadline_ns (never earlier). */
void thread_sleep_until(uint64_t deadline_ns);
void thread_sleep_ns(uint64_t ns);

/* Monotonic nanoseconds since boot, and the wall clock in ns since 1970. */
uint64_t time_now_ns(void);
uint64_t time_wall_ns(void);

/* libc-shim keeps per-thread C library state (newlib's struct _reent). */
struct sched_libc_hooks {
	void *(*thread_start)(void);      /* new state for a new thread, NULL = no memory */
	void (*thread_end)(void *state);  /* the thread's state is no longer needed */
	void (*switch_to)(void *state);   /* make state current */
};
void sched_set_libc_hooks(const struct sched_libc_hooks *hooks, void *main_state);

/* Turn the running boot context into the first thread ("main"). */
void sched_init(void);

#endif

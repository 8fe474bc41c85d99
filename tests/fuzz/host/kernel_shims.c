/* Kernel services on the host for the driver harnesses; see kernel_shims.h. */
#include "kernel_shims.h"

#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>

#include "arch/arch.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "platform/xen/xen.h"
#include "platform/xen/xen_internal.h"

uint64_t fuzz_now_ns;

struct fuzz_thread {
	void *(*fn)(void *);
	void *arg;
	int dead;
};
static struct fuzz_thread threads[8];
static unsigned nthreads;
static jmp_buf *blocked; /* where the running driver thread unwinds to */

static struct {
	evtchn_port_t port;
	evtchn_handler_fn fn;
	void *arg;
} bound[8];
static unsigned nbound;

void fuzz_reset_kernel(void)
{
	nthreads = 0;
	nbound = 0;
	blocked = NULL;
}

void fuzz_run_threads(void)
{
	if (blocked)
		return; /* called from a driver thread: the others wait their turn */
	for (unsigned i = 0; i < nthreads; i++) {
		if (threads[i].dead)
			continue;
		jmp_buf here;
		blocked = &here;
		if (!setjmp(here))
			threads[i].dead = (threads[i].fn(threads[i].arg), 1);
		blocked = NULL;
	}
}

struct thread *thread_create(const char *name, void *(*fn)(void *), void *arg, size_t stack_size)
{
	(void)name, (void)stack_size;
	if (nthreads == sizeof(threads) / sizeof(threads[0]))
		return NULL;
	threads[nthreads] = (struct fuzz_thread){ fn, arg, 0 };
	return (struct thread *)&threads[nthreads++];
}

uint64_t time_now_ns(void) { return fuzz_now_ns; }
void thread_sleep_ns(uint64_t ns) { fuzz_now_ns += ns; }
unsigned long arch_irq_save(void) { return 0; }
void arch_irq_restore(unsigned long state) { (void)state; }

void waitq_init(struct waitq *q) { list_init(&q->waiters); }
int waitq_wake_all(struct waitq *q) { return (void)q, 0; }
int waitq_wake_one(struct waitq *q) { return (void)q, 0; }
/* Nobody else runs while we wait: the wait ends at its deadline. */
int waitq_wait(struct waitq *q, uint64_t deadline_ns)
{
	(void)q;
	fuzz_run_threads();
	if (deadline_ns == 0)
		abort(); /* would block forever: a hang in the kernel */
	if (fuzz_now_ns < deadline_ns)
		fuzz_now_ns = deadline_ns;
	return -ETIMEDOUT;
}

void mutex_lock(struct mutex *m) { (void)m; }
void mutex_unlock(struct mutex *m) { (void)m; }

void event_init(struct event *e) { e->signalled = 0; }
void event_signal(struct event *e) { e->signalled = 1; }
void event_wait(struct event *e)
{
	if (!e->signalled && blocked)
		longjmp(*blocked, 1);
	if (!e->signalled)
		fuzz_run_threads();
	if (!e->signalled)
		abort(); /* the main thread would sleep forever: a hang */
	e->signalled = 0;
}
int event_wait_until(struct event *e, uint64_t deadline_ns)
{
	if (!e->signalled)
		fuzz_run_threads();
	if (!e->signalled) {
		if (deadline_ns == 0)
			abort();
		if (fuzz_now_ns < deadline_ns)
			fuzz_now_ns = deadline_ns;
		return -ETIMEDOUT;
	}
	e->signalled = 0;
	return 0;
}

int evtchn_bind(evtchn_port_t port, evtchn_handler_fn fn, void *arg)
{
	if (nbound == sizeof(bound) / sizeof(bound[0]))
		return -ENOSPC;
	bound[nbound].port = port;
	bound[nbound].fn = fn;
	bound[nbound++].arg = arg;
	return 0;
}
void evtchn_mask(evtchn_port_t port) { (void)port; }
void evtchn_unmask(evtchn_port_t port) { (void)port; }
void fuzz_evtchn_raise(evtchn_port_t port)
{
	for (unsigned i = 0; i < nbound; i++)
		if (bound[i].port == port)
			bound[i].fn(port, bound[i].arg);
}
/* Harnesses without a backend get this one. */
__attribute__((weak)) void fuzz_backend_notified(evtchn_port_t port) { (void)port; }
void xen_evtchn_send(evtchn_port_t port) { fuzz_backend_notified(port); }


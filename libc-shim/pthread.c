/*
 * POSIX threads and per-thread C library state, on the kernel's cooperative
 * threads (kernel/thread.h, kernel/sync.h). Mutexes, condition variables and
 * barriers are in pthread_sync.c, semaphores in semaphore.c; the handle table
 * and time helpers here are shared with them (pthread_internal.h).
 *
 * Handles. newlib makes pthread_t, pthread_mutex_t, pthread_cond_t and
 * pthread_barrier_t 32-bit integers, so each names an object through one
 * handle table: (generation << 24) | (slot + 1). A stale or forged handle
 * fails the generation or type check (ESRCH / EINVAL) instead of touching
 * freed memory. 0 and 0xffffffff are never handles: 0xffffffff is
 * PTHREAD_MUTEX_INITIALIZER / PTHREAD_COND_INITIALIZER, resolved into a
 * fresh object on first use, and so is 0 (a zeroed mutex works on Linux).
 *
 * Scheduling is cooperative on one CPU, so nothing here needs a lock: no
 * other thread runs between two statements unless one of them blocks.
 *
 * Per-thread state (struct tls): each thread has its own newlib struct
 * _reent (errno, stdio streams, strtok...), made current on every context
 * switch through the scheduler's libc hooks, plus its thread-specific data
 * and cleanup handlers. The main thread uses newlib's global _reent.
 */
#define _GNU_SOURCE /* pthread_getname_np, pthread_yield: check them against their prototypes */
/* libc-shim's headers by path: Amphi's POSIX options come first, also where
 * libc-shim/include is not (yet) ahead of newlib on the include path. */
#include "libc-shim/include/pthread.h"
#include "libc-shim/include/sys/features.h"
#include <errno.h>
#include <limits.h>
#include <reent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/list.h"
#include "kernel/panic.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "pthread_internal.h"

/* ------------------------------------------------------------------ */
/* Handle table                                                        */

struct hslot {
	void *obj;         /* H_FREE: unused */
	uint32_t next;     /* H_FREE: next free slot + 1, 0 = end */
	uint8_t type, gen;
};

#define HANDLE_SLOTS_MAX 0xfffffeu /* slot + 1 fits 24 bits and is never 0xffffff */

static struct hslot *slots;
static uint32_t nslots, slot_cap, free_head;

/* A new handle for obj, or 0 when out of memory. */
uint32_t handle_new(enum htype type, void *obj)
{
	uint32_t i;
	if (free_head) {
		i = free_head - 1;
		free_head = slots[i].next;
	} else {
		if (nslots == slot_cap) {
			uint32_t cap = slot_cap ? slot_cap * 2 : 256;
			if (cap > HANDLE_SLOTS_MAX)
				cap = HANDLE_SLOTS_MAX;
			if (cap <= nslots)
				return 0;
			struct hslot *s = realloc(slots, cap * sizeof(*s));
			if (!s)
				return 0;
			slots = s;
			slot_cap = cap;
		}
		i = nslots++;
		slots[i].gen = 0;
	}
	slots[i].obj = obj;
	slots[i].type = (uint8_t)type;
	return (uint32_t)slots[i].gen << 24 | (i + 1);
}

void *handle_get(uint32_t h, enum htype type)
{
	uint32_t i = (h & 0xffffff) - 1;
	if (i >= nslots || slots[i].type != type || slots[i].gen != h >> 24)
		return NULL;
	return slots[i].obj;
}

void handle_free(uint32_t h)
{
	uint32_t i = (h & 0xffffff) - 1;
	slots[i].type = H_FREE;
	slots[i].obj = NULL;
	slots[i].gen++; /* the old handle no longer matches */
	slots[i].next = free_head;
	free_head = i + 1;
}

/* ------------------------------------------------------------------ */
/* Time helpers                                                        */

int abstime_valid(const struct timespec *ts)
{
	return ts && ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)NS_PER_SEC;
}

/* A monotonic deadline (never 0, which means "none" to the kernel) for an
 * absolute time on clock (CLOCK_REALTIME or CLOCK_MONOTONIC). Sets *past when
 * that time has already come. */
uint64_t abs_deadline(clockid_t clock, const struct timespec *ts, int *past)
{
	uint64_t sec = (uint64_t)ts->tv_sec, abs;
	if (sec > (UINT64_MAX - (uint64_t)ts->tv_nsec) / NS_PER_SEC)
		abs = UINT64_MAX;
	else
		abs = sec * NS_PER_SEC + (uint64_t)ts->tv_nsec;
	uint64_t now = time_now_ns(), deadline;
	if (clock == CLOCK_MONOTONIC) {
		deadline = abs;
	} else {
		uint64_t wall = time_wall_ns();
		if (abs <= wall)
			deadline = now;
		else
			deadline = abs - wall > UINT64_MAX - now ? UINT64_MAX : now + (abs - wall);
	}
	*past = deadline <= now;
	return deadline ? deadline : 1;
}

/* ------------------------------------------------------------------ */
/* Per-thread state and the scheduler's libc hooks                     */

struct pthread;

struct tsd {
	const void *value;
	uint64_t seq; /* the key's creation number when value was set */
};

struct tls {
	struct _reent *reent;
	struct pthread *self;    /* NULL until pthread_create's thread starts or pthread_self */
	struct tsd *tsd;         /* indexed by key */
	size_t ntsd;
	struct _pthread_cleanup_context *cleanup; /* pthread_cleanup_push stack */
	int exiting;             /* destructors have run */
	struct list link;        /* all_tls */
};

/* A new thread's state: the tls and its _reent in one allocation. */
struct tls_block {
	struct tls tls;
	struct _reent reent;
};

static struct tls main_tls;
static struct tls *cur = &main_tls;
static struct list all_tls = LIST_INIT(all_tls);
static struct thread *main_kthread;

static void tsd_run_destructors(struct tls *st);
static void self_release(struct tls *st);

static void *hook_thread_start(void)
{
	struct tls_block *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	_REENT_INIT_PTR(&b->reent);
	b->tls.reent = &b->reent;
	list_push_back(&all_tls, &b->tls.link);
	return &b->tls;
}

/* Runs on the ending thread, just before it dies. */
static void hook_thread_end(void *state)
{
	struct tls *st = state;
	if (!st)
		return;
	tsd_run_destructors(st); /* a kernel thread that used pthread keys */
	self_release(st);
	free(st->tsd);
	list_remove(&st->link);
	/* newlib reclaims only a _reent that is not the current one; nothing of
	 * libc runs on this thread after this, until the switch away. */
	cur = &main_tls;
	_impure_ptr = _global_impure_ptr;
	/* Its stdin/stdout/stderr are streams of its own on the process's
	 * descriptors 0-2: flushed and freed, but the descriptors stay open. */
	if (st->reent->__sdidinit) {
		__FILE *std[] = { st->reent->_stdin, st->reent->_stdout, st->reent->_stderr };
		for (unsigned i = 0; i < 3; i++)
			std[i]->_close = NULL;
	}
	_reclaim_reent(st->reent); /* flushes and closes its other streams */
	free(st);
}

static void hook_switch_to(void *state)
{
	cur = state ? state : &main_tls;
	_impure_ptr = cur->reent;
}

static const struct sched_libc_hooks libc_hooks = {
	.thread_start = hook_thread_start,
	.thread_end = hook_thread_end,
	.switch_to = hook_switch_to,
};

/* exit() flushes only the main thread's (global) streams: flush every other
 * thread's too, so no partial line is lost. */
static void flush_all_threads(void)
{
	for (struct list *n = all_tls.next; n != &all_tls; n = n->next) {
		struct _reent *r = list_entry(n, struct tls, link)->reent;
		if (r->__sdidinit) {
			_fflush_r(r, r->_stdout);
			_fflush_r(r, r->_stderr);
		}
	}
}

/* libc_init: before any thread but main exists, constructors and main(). */
void libc_threads_init(void)
{
	main_tls.reent = _impure_ptr;
	main_kthread = thread_self();
	list_init(&main_tls.link);
	sched_set_libc_hooks(&libc_hooks, &main_tls);
	atexit(flush_all_threads);
}

/* ------------------------------------------------------------------ */
/* Threads                                                             */

struct pthread {
	struct thread *kt;
	struct tls *tls;       /* while it runs */
	pthread_t handle;
	void *(*fn)(void *);
	void *arg;
	int detached, joining, finished;
	int foreign;           /* main, or made by the kernel: not joinable here */
	char name[16];
};

/* Threads from pthread_create still running, for pthread_exit in main. */
static unsigned live_pthreads;
static struct mutex live_m = MUTEX_INIT(live_m);
static struct condvar live_c = { WAITQ_INIT(live_c.q) };

static void pthread_free(struct pthread *p)
{
	handle_free(p->handle);
	free(p);
}

static struct pthread *pthread_new(void)
{
	struct pthread *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->handle = handle_new(H_THREAD, p);
	if (!p->handle) {
		free(p);
		return NULL;
	}
	return p;
}

/* The thread is ending: its pthread_t stays valid until joined (or, for a
 * detached or foreign thread, ends now). */
static void self_release(struct tls *st)
{
	struct pthread *p = st->self;
	if (!p)
		return;
	st->self = NULL;
	p->tls = NULL;
	p->finished = 1;
	if (p->foreign || p->detached)
		pthread_free(p);
}

static void *pthread_start(void *arg)
{
	struct pthread *p = arg;
	p->kt = thread_self();
	p->tls = cur;
	cur->self = p;
	pthread_exit(p->fn(p->arg));
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
	if (attr && !attr->is_initialized)
		return EINVAL;
	struct pthread *p = pthread_new();
	if (!p)
		return EAGAIN;
	p->fn = start;
	p->arg = arg;
	char name[THREAD_NAME_MAX];
	snprintf(name, sizeof(name), "pthread %u", (unsigned)(p->handle & 0xffffff));
	p->kt = thread_create(name, pthread_start, p, attr ? (size_t)attr->stacksize : 0);
	if (!p->kt) {
		pthread_free(p);
		return EAGAIN;
	}
	if (attr && attr->detachstate == PTHREAD_CREATE_DETACHED) {
		thread_detach(p->kt);
		p->detached = 1;
	}
	live_pthreads++;
	*thread = p->handle;
	return 0;
}

pthread_t pthread_self(void)
{
	if (!cur->self) {
		/* main, or a thread the kernel made: give it a handle now */
		struct pthread *p = pthread_new();
		if (!p)
			panic("pthread_self: out of memory");
		p->kt = thread_self();
		p->tls = cur;
		p->foreign = 1;
		cur->self = p;
	}
	return cur->self->handle;
}

int pthread_equal(pthread_t a, pthread_t b) { return a == b; }

static void cleanup_run_all(struct tls *st)
{
	struct _pthread_cleanup_context *c;
	while ((c = st->cleanup)) {
		st->cleanup = c->_previous;
		c->_routine(c->_arg);
	}
}

void pthread_exit(void *value)
{
	struct tls *st = cur;
	cleanup_run_all(st);
	tsd_run_destructors(st);
	if (thread_self() == main_kthread) {
		/* As on Linux: the process goes on until its last thread ends. */
		mutex_lock(&live_m);
		while (live_pthreads)
			cond_wait(&live_c, &live_m);
		mutex_unlock(&live_m);
		exit(0);
	}
	struct pthread *p = st->self;
	if (p && !p->foreign && --live_pthreads == 0)
		cond_broadcast(&live_c);
	self_release(st);
	thread_exit(value);
}

int pthread_join(pthread_t thread, void **value)
{
	struct pthread *p = handle_get(thread, H_THREAD);
	if (!p)
		return ESRCH;
	if (p->kt == thread_self())
		return EDEADLK;
	if (p->detached || p->joining || p->foreign)
		return EINVAL;
	p->joining = 1;
	int rc = thread_join(p->kt, value);
	if (rc < 0) {
		p->joining = 0;
		return -rc;
	}
	pthread_free(p);
	return 0;
}

int pthread_detach(pthread_t thread)
{
	struct pthread *p = handle_get(thread, H_THREAD);
	if (!p)
		return ESRCH;
	if (p->detached || p->joining)
		return EINVAL;
	if (p->foreign)
		return 0; /* nothing to reclaim */
	int rc = thread_detach(p->kt);
	if (rc < 0)
		return -rc;
	p->detached = 1;
	if (p->finished)
		pthread_free(p);
	return 0;
}

void pthread_yield(void) { thread_yield(); }

int sched_yield(void)
{
	thread_yield();
	return 0;
}

int pthread_getname_np(pthread_t thread, char *buf, size_t len)
{
	struct pthread *p = handle_get(thread, H_THREAD);
	if (!p)
		return ESRCH;
	const char *name = p->name[0] ? p->name : p->finished ? "" : thread_name(p->kt);
	if (strlen(name) >= len)
		return ERANGE;
	strcpy(buf, name);
	return 0;
}

int pthread_setname_np(pthread_t thread, const char *name)
{
	struct pthread *p = handle_get(thread, H_THREAD);
	if (!p)
		return ESRCH;
	if (strlen(name) >= sizeof(p->name))
		return ERANGE;
	strcpy(p->name, name);
	return 0;
}

/* No cancellation: threads end only by returning or pthread_exit. */
int pthread_setcancelstate(int state, int *oldstate)
{
	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	if (oldstate)
		*oldstate = PTHREAD_CANCEL_ENABLE;
	return 0;
}

int pthread_setcanceltype(int type, int *oldtype)
{
	if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return EINVAL;
	if (oldtype)
		*oldtype = PTHREAD_CANCEL_DEFERRED;
	return 0;
}

void pthread_testcancel(void) {}

/* There is no fork: the handlers are never needed. */
int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
	(void)prepare;
	(void)parent;
	(void)child;
	return 0;
}

static int concurrency;
int pthread_setconcurrency(int level)
{
	if (level < 0)
		return EINVAL;
	concurrency = level;
	return 0;
}
int pthread_getconcurrency(void) { return concurrency; }

void _pthread_cleanup_push(struct _pthread_cleanup_context *c, void (*routine)(void *), void *arg)
{
	c->_routine = routine;
	c->_arg = arg;
	c->_canceltype = PTHREAD_CANCEL_DEFERRED;
	c->_previous = cur->cleanup;
	cur->cleanup = c;
}

void _pthread_cleanup_pop(struct _pthread_cleanup_context *c, int execute)
{
	cur->cleanup = c->_previous;
	if (execute)
		c->_routine(c->_arg);
}

void _pthread_cleanup_push_defer(struct _pthread_cleanup_context *c, void (*routine)(void *),
				 void *arg)
{
	_pthread_cleanup_push(c, routine, arg);
}

void _pthread_cleanup_pop_restore(struct _pthread_cleanup_context *c, int execute)
{
	_pthread_cleanup_pop(c, execute);
}

/* ---- attributes ---- */

int pthread_attr_init(pthread_attr_t *attr)
{
	*attr = (pthread_attr_t){
		.is_initialized = 1,
		.stacksize = THREAD_STACK_DEFAULT,
		.contentionscope = PTHREAD_SCOPE_SYSTEM,
		.inheritsched = PTHREAD_INHERIT_SCHED,
		.schedpolicy = SCHED_OTHER,
		.detachstate = PTHREAD_CREATE_JOINABLE,
	};
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr)
{
	attr->is_initialized = 0;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
	if (size < PTHREAD_STACK_MIN || size > INT_MAX)
		return EINVAL;
	attr->stacksize = (int)size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size)
{
	*size = (size_t)attr->stacksize;
	return 0;
}

/* The kernel allocates every stack itself (with a guard page): a stack
 * given here only sets the size. */
int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size)
{
	int rc = pthread_attr_setstacksize(attr, size);
	if (rc == 0)
		attr->stackaddr = addr;
	return rc;
}

int pthread_attr_getstack(const pthread_attr_t *attr, void **addr, size_t *size)
{
	*addr = attr->stackaddr;
	*size = (size_t)attr->stacksize;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
	if (state != PTHREAD_CREATE_DETACHED && state != PTHREAD_CREATE_JOINABLE)
		return EINVAL;
	attr->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state)
{
	*state = attr->detachstate;
	return 0;
}

int pthread_attr_setguardsize(pthread_attr_t *attr, size_t size)
{
	(void)attr;
	(void)size; /* always one page */
	return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *attr, size_t *size)
{
	(void)attr;
	*size = 4096;
	return 0;
}

int pthread_attr_setschedparam(pthread_attr_t *attr, const struct sched_param *param)
{
	attr->schedparam = *param;
	return 0;
}

int pthread_attr_getschedparam(const pthread_attr_t *attr, struct sched_param *param)
{
	*param = attr->schedparam;
	return 0;
}

/* ------------------------------------------------------------------ */
/* pthread_once                                                        */

enum { ONCE_NOT_RUN, ONCE_DONE, ONCE_RUNNING };
static struct mutex once_m = MUTEX_INIT(once_m);
static struct condvar once_c = { WAITQ_INIT(once_c.q) };

int pthread_once(pthread_once_t *once, void (*init)(void))
{
	if (once->init_executed == ONCE_DONE)
		return 0;
	if (once->init_executed == ONCE_NOT_RUN) {
		once->init_executed = ONCE_RUNNING;
		init(); /* may block: others wait below */
		mutex_lock(&once_m);
		once->init_executed = ONCE_DONE;
		cond_broadcast(&once_c);
		mutex_unlock(&once_m);
		return 0;
	}
	mutex_lock(&once_m);
	while (once->init_executed == ONCE_RUNNING)
		cond_wait(&once_c, &once_m);
	mutex_unlock(&once_m);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Thread-specific data                                                */

static struct {
	void (*destructor)(void *);
	uint64_t seq; /* 0 = free; else the creation number, so a reused key
	               * does not show values set under the old one */
} keys[PTHREAD_KEYS_MAX];
static uint64_t key_seq;

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
		if (!keys[k].seq) {
			keys[k].seq = ++key_seq;
			keys[k].destructor = destructor;
			*key = k;
			return 0;
		}
	}
	return EAGAIN;
}

int pthread_key_delete(pthread_key_t key)
{
	if (key >= PTHREAD_KEYS_MAX || !keys[key].seq)
		return EINVAL;
	keys[key].seq = 0;
	keys[key].destructor = NULL;
	return 0;
}

void *pthread_getspecific(pthread_key_t key)
{
	if (key >= cur->ntsd || !keys[key].seq || cur->tsd[key].seq != keys[key].seq)
		return NULL;
	return (void *)cur->tsd[key].value;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	if (key >= PTHREAD_KEYS_MAX || !keys[key].seq)
		return EINVAL;
	struct tls *st = cur;
	if (key >= st->ntsd) {
		size_t n = st->ntsd ? st->ntsd : 8;
		while (n <= key)
			n *= 2;
		if (n > PTHREAD_KEYS_MAX)
			n = PTHREAD_KEYS_MAX;
		struct tsd *t = realloc(st->tsd, n * sizeof(*t));
		if (!t)
			return ENOMEM;
		memset(t + st->ntsd, 0, (n - st->ntsd) * sizeof(*t));
		st->tsd = t;
		st->ntsd = n;
	}
	st->tsd[key] = (struct tsd){ value, keys[key].seq };
	return 0;
}

/* POSIX: call each destructor with its non-NULL value (set to NULL first);
 * repeat while destructors set new values, PTHREAD_DESTRUCTOR_ITERATIONS times. */
static void tsd_run_destructors(struct tls *st)
{
	if (st->exiting)
		return;
	st->exiting = 1;
	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		int called = 0;
		for (size_t k = 0; k < st->ntsd; k++) {
			struct tsd *t = &st->tsd[k];
			if (!t->value || t->seq != keys[k].seq || !keys[k].destructor)
				continue;
			void *v = (void *)t->value;
			t->value = NULL;
			keys[k].destructor(v);
			called = 1;
		}
		if (!called)
			break;
	}
}

/*
 * POSIX threads, unnamed semaphores and per-thread C library state, on the
 * kernel's cooperative threads (kernel/thread.h, kernel/sync.h).
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
#include "include/sys/features.h"
#include "include/pthread.h"
#include "include/semaphore.h"
#include <errno.h>
#include <limits.h>
#include <reent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "list.h"
#include "panic.h"
#include "thread.h"
#include "sync.h"

/* ------------------------------------------------------------------ */
/* Handle table                                                        */

enum htype { H_FREE, H_THREAD, H_MUTEX, H_COND, H_BARRIER };

struct hslot {
	void *obj;         /* H_FREE: unused */
	uint32_t next;     /* H_FREE: next free slot + 1, 0 = end */
	uint8_t type, gen;
};

#define HANDLE_SLOTS_MAX 0xfffffeu /* slot + 1 fits 24 bits and is never 0xffffff */
#define HANDLE_LAZY 0xffffffffu    /* newlib's static initializers */

static struct hslot *slots;
static uint32_t nslots, slot_cap, free_head;

/* A new handle for obj, or 0 when out of memory. */
static uint32_t handle_new(enum htype type, void *obj)
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

static void *handle_get(uint32_t h, enum htype type)
{
	uint32_t i = (h & 0xffffff) - 1;
	if (i >= nslots || slots[i].type != type || slots[i].gen != h >> 24)
		return NULL;
	return slots[i].obj;
}

static void handle_free(uint32_t h)
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

#define NS_PER_SEC 1000000000ull

static int abstime_valid(const struct timespec *ts)
{
	return ts && ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)NS_PER_SEC;
}

/* A monotonic deadline (never 0, which means "none" to the kernel) for an
 * absolute time on clock (CLOCK_REALTIME or CLOCK_MONOTONIC). Sets *past when
 * that time has already come. */
static uint64_t abs_deadline(clockid_t clock, const struct timespec *ts, int *past)
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
	_reclaim_reent(st->reent); /* flushes and closes its stdio streams */
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

/* Called by libc_start before constructors and main(). */
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
/* Mutexes                                                             */

struct pmutex {
	struct mutex km;
	int type;       /* PTHREAD_MUTEX_NORMAL, _RECURSIVE or _ERRORCHECK */
	unsigned count; /* recursive: times locked by the owner */
};

int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
	*attr = (pthread_mutexattr_t){ .is_initialized = 1, .type = PTHREAD_MUTEX_DEFAULT };
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
	attr->is_initialized = 0;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_DEFAULT)
		return EINVAL;
	attr->type = type;
	attr->recursive = type == PTHREAD_MUTEX_RECURSIVE;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type)
{
	*type = attr->type;
	return 0;
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	attr->process_shared = pshared;
	return 0;
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *attr, int *pshared)
{
	*pshared = attr->process_shared;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	if (attr && !attr->is_initialized)
		return EINVAL;
	struct pmutex *pm = malloc(sizeof(*pm));
	if (!pm)
		return ENOMEM;
	mutex_init(&pm->km);
	pm->type = attr ? attr->type : PTHREAD_MUTEX_DEFAULT;
	if (pm->type == PTHREAD_MUTEX_DEFAULT)
		pm->type = PTHREAD_MUTEX_NORMAL;
	pm->count = 0;
	uint32_t h = handle_new(H_MUTEX, pm);
	if (!h) {
		free(pm);
		return ENOMEM;
	}
	*m = h;
	return 0;
}

/* The mutex behind *m, created on first use of a static initializer. */
static int mutex_get(pthread_mutex_t *m, struct pmutex **out)
{
	if (*m == HANDLE_LAZY || *m == 0) {
		int rc = pthread_mutex_init(m, NULL);
		if (rc)
			return rc;
	}
	*out = handle_get(*m, H_MUTEX);
	return *out ? 0 : EINVAL;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	if (*m == HANDLE_LAZY || *m == 0)
		return 0; /* never used */
	struct pmutex *pm = handle_get(*m, H_MUTEX);
	if (!pm)
		return EINVAL;
	if (pm->km.owner || !list_empty(&pm->km.q.waiters))
		return EBUSY;
	handle_free(*m);
	free(pm);
	*m = HANDLE_LAZY;
	return 0;
}

/* Locking rules shared by lock, trylock and timedlock: >0 is the result,
 * 0 means "take the kernel mutex". */
static int relock(struct pmutex *pm, int busy)
{
	if (!mutex_held(&pm->km))
		return 0;
	if (pm->type == PTHREAD_MUTEX_RECURSIVE) {
		if (pm->count == UINT_MAX)
			return EAGAIN;
		pm->count++;
		return -1; /* taken */
	}
	if (pm->type == PTHREAD_MUTEX_ERRORCHECK)
		return busy ? EBUSY : EDEADLK;
	return busy ? EBUSY : 0; /* normal: the kernel reports the deadlock */
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	struct pmutex *pm;
	int rc = mutex_get(m, &pm);
	if (rc)
		return rc;
	rc = relock(pm, 0);
	if (rc)
		return rc < 0 ? 0 : rc;
	mutex_lock(&pm->km);
	pm->count = 1;
	return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	struct pmutex *pm;
	int rc = mutex_get(m, &pm);
	if (rc)
		return rc;
	rc = relock(pm, 1);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!mutex_trylock(&pm->km))
		return EBUSY;
	pm->count = 1;
	return 0;
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	struct pmutex *pm;
	int rc = mutex_get(m, &pm);
	if (rc)
		return rc;
	rc = relock(pm, 0);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (mutex_trylock(&pm->km)) {
		pm->count = 1;
		return 0;
	}
	if (!abstime_valid(abstime))
		return EINVAL;
	int past;
	uint64_t deadline = abs_deadline(CLOCK_REALTIME, abstime, &past);
	if (past || mutex_timedlock(&pm->km, deadline) < 0)
		return ETIMEDOUT;
	pm->count = 1;
	return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	struct pmutex *pm;
	int rc = mutex_get(m, &pm);
	if (rc)
		return rc;
	if (pm->type != PTHREAD_MUTEX_NORMAL && !mutex_held(&pm->km))
		return EPERM;
	if (pm->type == PTHREAD_MUTEX_RECURSIVE && --pm->count > 0)
		return 0;
	pm->count = 0;
	mutex_unlock(&pm->km); /* normal mutex not held by the caller: kernel panic */
	return 0;
}

/* ------------------------------------------------------------------ */
/* Condition variables                                                 */

struct pcond {
	struct condvar kc;
	clockid_t clock; /* for pthread_cond_timedwait's absolute time */
};

int pthread_condattr_init(pthread_condattr_t *attr)
{
	*attr = (pthread_condattr_t){ .is_initialized = 1, .clock = CLOCK_REALTIME };
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
	attr->is_initialized = 0;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	attr->clock = (clock_t)clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *restrict attr, clockid_t *restrict clock)
{
	*clock = (clockid_t)attr->clock;
	return 0;
}

int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	attr->process_shared = pshared;
	return 0;
}

int pthread_condattr_getpshared(const pthread_condattr_t *attr, int *pshared)
{
	*pshared = attr->process_shared;
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
	if (attr && !attr->is_initialized)
		return EINVAL;
	struct pcond *pc = malloc(sizeof(*pc));
	if (!pc)
		return ENOMEM;
	cond_init(&pc->kc);
	pc->clock = attr ? (clockid_t)attr->clock : CLOCK_REALTIME;
	uint32_t h = handle_new(H_COND, pc);
	if (!h) {
		free(pc);
		return ENOMEM;
	}
	*c = h;
	return 0;
}

static int cond_get(pthread_cond_t *c, struct pcond **out)
{
	if (*c == HANDLE_LAZY || *c == 0) {
		int rc = pthread_cond_init(c, NULL);
		if (rc)
			return rc;
	}
	*out = handle_get(*c, H_COND);
	return *out ? 0 : EINVAL;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	if (*c == HANDLE_LAZY || *c == 0)
		return 0;
	struct pcond *pc = handle_get(*c, H_COND);
	if (!pc)
		return EINVAL;
	if (!list_empty(&pc->kc.q.waiters))
		return EBUSY;
	handle_free(*c);
	free(pc);
	*c = HANDLE_LAZY;
	return 0;
}

static int cond_wait_common(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	struct pcond *pc;
	struct pmutex *pm;
	int rc = cond_get(c, &pc);
	if (rc || (rc = mutex_get(m, &pm)))
		return rc;
	if (pm->type != PTHREAD_MUTEX_NORMAL && !mutex_held(&pm->km))
		return EPERM; /* a normal one: the kernel panics */
	uint64_t deadline = 0;
	if (abstime) {
		if (!abstime_valid(abstime))
			return EINVAL;
		int past;
		deadline = abs_deadline(pc->clock, abstime, &past);
		if (past)
			return ETIMEDOUT;
	}
	unsigned count = pm->count; /* a recursive mutex is released entirely */
	rc = cond_timedwait(&pc->kc, &pm->km, deadline);
	pm->count = count;
	return rc < 0 ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) { return cond_wait_common(c, m, NULL); }

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	if (!abstime)
		return EINVAL;
	return cond_wait_common(c, m, abstime);
}

int pthread_cond_signal(pthread_cond_t *c)
{
	struct pcond *pc;
	int rc = cond_get(c, &pc);
	if (rc)
		return rc;
	cond_signal(&pc->kc);
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	struct pcond *pc;
	int rc = cond_get(c, &pc);
	if (rc)
		return rc;
	cond_broadcast(&pc->kc);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Barriers                                                            */

struct pbarrier {
	struct mutex m;
	struct condvar c;
	unsigned count, waiting;
	unsigned long round;
};

int pthread_barrierattr_init(pthread_barrierattr_t *attr)
{
	*attr = (pthread_barrierattr_t){ .is_initialized = 1 };
	return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *attr)
{
	attr->is_initialized = 0;
	return 0;
}

int pthread_barrierattr_setpshared(pthread_barrierattr_t *attr, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	attr->process_shared = pshared;
	return 0;
}

int pthread_barrierattr_getpshared(const pthread_barrierattr_t *attr, int *pshared)
{
	*pshared = attr->process_shared;
	return 0;
}

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr, unsigned count)
{
	if (count == 0 || (attr && !attr->is_initialized))
		return EINVAL;
	struct pbarrier *pb = calloc(1, sizeof(*pb));
	if (!pb)
		return ENOMEM;
	mutex_init(&pb->m);
	cond_init(&pb->c);
	pb->count = count;
	uint32_t h = handle_new(H_BARRIER, pb);
	if (!h) {
		free(pb);
		return ENOMEM;
	}
	*b = h;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	struct pbarrier *pb = handle_get(*b, H_BARRIER);
	if (!pb)
		return EINVAL;
	if (pb->waiting)
		return EBUSY;
	handle_free(*b);
	free(pb);
	return 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
	struct pbarrier *pb = handle_get(*b, H_BARRIER);
	if (!pb)
		return EINVAL;
	mutex_lock(&pb->m);
	if (++pb->waiting == pb->count) {
		pb->waiting = 0;
		pb->round++;
		cond_broadcast(&pb->c);
		mutex_unlock(&pb->m);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	unsigned long round = pb->round;
	while (round == pb->round)
		cond_wait(&pb->c, &pb->m);
	mutex_unlock(&pb->m);
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

/* ------------------------------------------------------------------ */
/* Unnamed semaphores (sem_t holds a kernel semaphore in place)        */

#define SEM_MAGIC 0x53454d41u /* "SEMA" */
_Static_assert(sizeof(struct semaphore) <= offsetof(sem_t, __magic) &&
		       _Alignof(struct semaphore) <= _Alignof(sem_t),
	       "sem_t cannot hold a struct semaphore");

static struct semaphore *ksem(sem_t *s)
{
	if (!s || s->__magic != SEM_MAGIC) {
		errno = EINVAL;
		return NULL;
	}
	return (struct semaphore *)(void *)s;
}

int sem_init(sem_t *s, int pshared, unsigned int value)
{
	(void)pshared; /* one process */
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return -1;
	}
	sem_init_k((struct semaphore *)(void *)s, value);
	s->__magic = SEM_MAGIC;
	return 0;
}

int sem_destroy(sem_t *s)
{
	struct semaphore *k = ksem(s);
	if (!k)
		return -1;
	if (!list_empty(&k->q.waiters)) {
		errno = EBUSY;
		return -1;
	}
	s->__magic = 0;
	return 0;
}

int sem_wait(sem_t *s)
{
	struct semaphore *k = ksem(s);
	if (!k)
		return -1;
	sem_down(k);
	return 0;
}

int sem_trywait(sem_t *s)
{
	struct semaphore *k = ksem(s);
	if (!k)
		return -1;
	if (!sem_trydown(k)) {
		errno = EAGAIN;
		return -1;
	}
	return 0;
}

int sem_timedwait(sem_t *restrict s, const struct timespec *restrict abstime)
{
	struct semaphore *k = ksem(s);
	if (!k)
		return -1;
	if (sem_trydown(k))
		return 0;
	if (!abstime_valid(abstime)) {
		errno = EINVAL;
		return -1;
	}
	int past;
	uint64_t deadline = abs_deadline(CLOCK_REALTIME, abstime, &past);
	if (past || sem_timeddown(k, deadline) < 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	return 0;
}

int sem_post(sem_t *s)
{
	struct semaphore *k = ksem(s);
	if (!k)
		return -1;
	if (k->count >= SEM_VALUE_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	sem_up(k);
	return 0;
}

int sem_getvalue(sem_t *restrict s, int *restrict value)
{
	struct semaphore *k = ksem(s);
	if (!k)
		return -1;
	*value = (int)k->count;
	return 0;
}

sem_t *sem_open(const char *name, int oflag, ...)
{
	(void)name;
	(void)oflag;
	errno = ENOSYS;
	return SEM_FAILED;
}

int sem_close(sem_t *s)
{
	(void)s;
	errno = EINVAL;
	return -1;
}

int sem_unlink(const char *name)
{
	(void)name;
	errno = ENOENT;
	return -1;
}

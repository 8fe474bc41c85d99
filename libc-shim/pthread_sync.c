/* POSIX mutexes, condition variables and barriers on the kernel's mutex and
 * condition variable (kernel/sync.h), named through the handle table. */
#define _GNU_SOURCE
#include "libc-shim/include/pthread.h"
#include "libc-shim/include/sys/features.h"
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/panic.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "pthread_internal.h"

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

/* Every attribute object's pshared field: one address space, so both values
 * mean the same here, but only they are valid. */
static int set_pshared(int *field, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	*field = pshared;
	return 0;
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared)
{
	return set_pshared(&attr->process_shared, pshared);
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
	return set_pshared(&attr->process_shared, pshared);
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
	return set_pshared(&attr->process_shared, pshared);
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

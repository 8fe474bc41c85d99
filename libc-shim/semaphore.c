/* POSIX unnamed semaphores: a sem_t holds a kernel semaphore in place.
 * Named semaphores need a file system: sem_open fails with ENOSYS. */
#define _GNU_SOURCE
#include "libc-shim/include/semaphore.h"
#include "libc-shim/include/sys/features.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/panic.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "pthread_internal.h"

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

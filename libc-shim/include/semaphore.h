/*
 * POSIX unnamed semaphores (newlib has no <semaphore.h>). A sem_t holds a
 * kernel semaphore (kernel/sync.h) in place, so sem_init cannot fail for
 * lack of memory and a sem_t must not be copied. Named semaphores
 * (sem_open) fail with ENOSYS: there is one process.
 */
#ifndef AMPHI_SEMAPHORE_H
#define AMPHI_SEMAPHORE_H

#include <limits.h>
#include <sys/features.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	long long __count;    /* struct semaphore: count, */
	void *__waiters[2];   /* and its wait queue */
	unsigned int __magic; /* set by sem_init, cleared by sem_destroy */
} sem_t;

#define SEM_VALUE_MAX INT_MAX
#define SEM_FAILED ((sem_t *)0)

int sem_init(sem_t *__sem, int __pshared, unsigned int __value);
int sem_destroy(sem_t *__sem);
int sem_wait(sem_t *__sem);
int sem_trywait(sem_t *__sem);
int sem_timedwait(sem_t *__restrict __sem, const struct timespec *__restrict __abstime);
int sem_post(sem_t *__sem);
int sem_getvalue(sem_t *__restrict __sem, int *__restrict __sval);

sem_t *sem_open(const char *__name, int __oflag, ...);
int sem_close(sem_t *__sem);
int sem_unlink(const char *__name);

#ifdef __cplusplus
}
#endif

#endif

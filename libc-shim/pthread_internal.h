/* What pthread.c shares with pthread_sync.c and semaphore.c. */
#ifndef AMPHI_PTHREAD_INTERNAL_H
#define AMPHI_PTHREAD_INTERNAL_H

#include <stdint.h>
#include <time.h>

/* pthread_t, pthread_mutex_t, pthread_cond_t and pthread_barrier_t are 32-bit
 * handles into one table (see pthread.c). */
enum htype { H_FREE, H_THREAD, H_MUTEX, H_COND, H_BARRIER };
#define HANDLE_LAZY 0xffffffffu /* newlib's static initializers */

uint32_t handle_new(enum htype type, void *obj); /* 0 when out of memory */
void *handle_get(uint32_t h, enum htype type);   /* NULL if stale or of another type */
void handle_free(uint32_t h);

#define NS_PER_SEC 1000000000ull

int abstime_valid(const struct timespec *ts);
/* A monotonic deadline (never 0) for an absolute time on clock; *past is set
 * when that time has already come. */
uint64_t abs_deadline(clockid_t clock, const struct timespec *ts, int *past);

#endif

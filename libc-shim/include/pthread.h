/*
 * POSIX threads on Amphi: newlib's <pthread.h> (enabled by the options in
 * libc-shim/include/sys/features.h) plus the limits Linux puts in <limits.h>.
 * Implemented by libc-shim/pthread.c on the kernel's cooperative threads.
 * pthread_t, pthread_mutex_t, pthread_cond_t and pthread_key_t are 32-bit
 * handles (newlib's types); PTHREAD_MUTEX_INITIALIZER and
 * PTHREAD_COND_INITIALIZER are resolved on first use.
 */
#include_next <pthread.h> /* outside the guard: see sys/features.h */

#ifndef AMPHI_PTHREAD_H
#define AMPHI_PTHREAD_H

#ifndef PTHREAD_STACK_MIN
#define PTHREAD_STACK_MIN 16384
#endif
#define PTHREAD_KEYS_MAX 1024
#define PTHREAD_DESTRUCTOR_ITERATIONS 4

#endif

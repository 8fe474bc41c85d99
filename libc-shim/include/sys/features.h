/*
 * Amphi's POSIX options, on top of newlib's <sys/features.h>.
 *
 * newlib's x86_64-elf configuration advertises no POSIX options, so its
 * <pthread.h>, <time.h> and <sched.h> declare nothing for threads, clocks or
 * sleeping. libc-shim implements these (pthread.c, time.c), so say so here:
 * <unistd.h> then reports them as POSIX requires, and newlib's own headers
 * declare the functions with their exact prototypes. This directory is
 * searched before newlib's (-isystem libc-shim/include), so every file,
 * newlib headers included, sees the same definitions and the same layout of
 * the pthread attribute types.
 */
/* Outside the guard: when libc-shim includes this file by its path first,
 * #include_next acts as #include and may find this file again through the
 * include path; newlib's header must still be reached (it has its own guard). */
#include_next <sys/features.h>

#ifndef AMPHI_SYS_FEATURES_H
#define AMPHI_SYS_FEATURES_H

#define _POSIX_THREADS 200809L
#define _POSIX_THREAD_ATTR_STACKSIZE 200809L
#define _POSIX_THREAD_PROCESS_SHARED 200809L /* one process: trivially */
#define _POSIX_TIMEOUTS 200809L               /* pthread_mutex_timedlock, sem_timedwait */
#define _POSIX_SEMAPHORES 200809L             /* unnamed ones: <semaphore.h> */
#define _POSIX_BARRIERS 200809L
#define _POSIX_MONOTONIC_CLOCK 200809L
#define _POSIX_CLOCK_SELECTION 200809L /* clock_nanosleep, pthread_condattr_setclock */
/* clock_gettime, clock_getres, nanosleep. The per-process timers this option
 * also covers (timer_create...) are not implemented: using them fails to link. */
#define _POSIX_TIMERS 200809L
/* PTHREAD_MUTEX_NORMAL, _RECURSIVE, _ERRORCHECK, _DEFAULT */
#define _UNIX98_THREAD_MUTEX_ATTRIBUTES 1

#endif

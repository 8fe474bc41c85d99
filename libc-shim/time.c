/*
 * Clocks and sleeping, as on Linux: clock_gettime/clock_getres/clock_settime,
 * nanosleep/clock_nanosleep, sleep/usleep, gettimeofday, times. Built on the
 * kernel's monotonic clock (ns since boot), its wall clock (ns since 1970)
 * and thread_sleep_until, which blocks the calling thread only: other
 * threads run, and with nothing to run the CPU halts until the deadline.
 */
#define _GNU_SOURCE /* Linux's clock ids: CLOCK_MONOTONIC_RAW... */
/* Amphi's POSIX options first, also where libc-shim/include is not (yet)
 * ahead of newlib on the include path. */
#include "libc-shim/include/sys/features.h"
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "kernel/thread.h"

#define NS_PER_SEC 1000000000ull

static int ts_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)NS_PER_SEC;
}

/* Nanoseconds in ts (valid), saturating: a sleep for centuries never ends. */
static uint64_t ts_ns(const struct timespec *ts)
{
	uint64_t sec = (uint64_t)ts->tv_sec;
	if (sec > (UINT64_MAX - (uint64_t)ts->tv_nsec) / NS_PER_SEC)
		return UINT64_MAX;
	return sec * NS_PER_SEC + (uint64_t)ts->tv_nsec;
}

static uint64_t add_sat(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

static void ns_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NS_PER_SEC);
	ts->tv_nsec = (long)(ns % NS_PER_SEC);
}

/* The wall clock or the monotonic one; -1 for clocks we do not have (CPU-time
 * clocks, alarms). Linux's variants of the two are the same clocks here. */
enum { WALL, MONO };
static int clock_kind(clockid_t id)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return WALL;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME: /* the guest never suspends */
		return MONO;
	default:
		return -1;
	}
}

int clock_gettime(clockid_t clock_id, struct timespec *tp)
{
	int kind = clock_kind(clock_id);
	if (kind < 0) {
		errno = EINVAL;
		return -1;
	}
	if (!tp) {
		errno = EFAULT;
		return -1;
	}
	ns_ts(kind == WALL ? time_wall_ns() : time_now_ns(), tp);
	return 0;
}

int clock_getres(clockid_t clock_id, struct timespec *res)
{
	if (clock_kind(clock_id) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (res)
		*res = (struct timespec){ .tv_sec = 0, .tv_nsec = 1 };
	return 0;
}

int clock_settime(clockid_t clock_id, const struct timespec *tp)
{
	(void)tp;
	/* Like an unprivileged Linux process: the wall clock follows the host. */
	errno = clock_kind(clock_id) == WALL ? EPERM : EINVAL;
	return -1;
}

/* Monotonic deadline for an absolute time on the given clock kind. */
static uint64_t deadline_for(int kind, uint64_t abs_ns)
{
	uint64_t now = time_now_ns();
	if (kind == MONO)
		return abs_ns;
	uint64_t wall = time_wall_ns();
	return abs_ns <= wall ? now : add_sat(now, abs_ns - wall);
}

int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *rqtp,
		    struct timespec *rmtp)
{
	(void)rmtp; /* no signals: a sleep is never interrupted, nothing remains */
	int kind = clock_kind(clock_id);
	if (kind < 0)
		return EINVAL;
	if (!rqtp)
		return EFAULT;
	if (!ts_valid(rqtp))
		return EINVAL;
	uint64_t ns = ts_ns(rqtp);
	thread_sleep_until(flags & TIMER_ABSTIME ? deadline_for(kind, ns) : add_sat(time_now_ns(), ns));
	return 0;
}

int nanosleep(const struct timespec *rqtp, struct timespec *rmtp)
{
	int err = clock_nanosleep(CLOCK_MONOTONIC, 0, rqtp, rmtp);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

unsigned sleep(unsigned int seconds)
{
	thread_sleep_until(add_sat(time_now_ns(), seconds * NS_PER_SEC));
	return 0;
}

int usleep(useconds_t useconds)
{
	thread_sleep_until(add_sat(time_now_ns(), (uint64_t)useconds * 1000u));
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	if (tv) {
		uint64_t ns = time_wall_ns();
		tv->tv_sec = (time_t)(ns / NS_PER_SEC);
		tv->tv_usec = (suseconds_t)(ns % NS_PER_SEC / 1000);
	}
	if (tz)
		*(struct timezone *)tz = (struct timezone){ .tz_minuteswest = 0, .tz_dsttime = DST_NONE };
	return 0;
}

clock_t times(struct tms *t)
{
	/* CPU time is wall time since boot: the app owns the machine. */
	clock_t ticks = (clock_t)(time_now_ns() / (NS_PER_SEC / CLOCKS_PER_SEC));
	if (t)
		*t = (struct tms){ .tms_utime = ticks };
	return ticks;
}

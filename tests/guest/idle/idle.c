/*
 * An idle guest: argv[1] seconds asleep (default 2). With "threads", the
 * main thread waits in pthread_join for a thread blocked in a timed
 * condition wait, while another sleeps: nothing is runnable, so the CPU must
 * halt until the deadline. tests/run and bench/threads measure how much host
 * CPU QEMU uses meanwhile; a guest that polls would burn a whole core.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int seconds = 2;

static void *timed_waiter(void *arg)
{
	(void)arg;
	static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += seconds;
	pthread_mutex_lock(&m);
	int rc = pthread_cond_timedwait(&c, &m, &until); /* nobody signals */
	pthread_mutex_unlock(&m);
	return (void *)(long)rc;
}

static void *sleeper(void *arg)
{
	(void)arg;
	sleep((unsigned)seconds);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		seconds = atoi(argv[1]);
	int threads = argc > 2 && !strcmp(argv[2], "threads");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (threads) {
		pthread_t a, b;
		void *rc;
		/* The sleeper first: it blocks first, so once all three wait it
		 * is switched out, not on the CPU (the gdb case inspects it). */
		pthread_create(&b, NULL, sleeper, NULL);
		pthread_create(&a, NULL, timed_waiter, NULL);
		pthread_join(a, &rc);
		pthread_join(b, NULL);
		if ((long)rc != ETIMEDOUT) {
			printf("idle: the timed wait returned %ld, not ETIMEDOUT\n", (long)rc);
			return 1;
		}
	} else {
		sleep((unsigned)seconds);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("idle: %s for %ld ms\n", threads ? "threads blocked" : "slept", ms);
	return ms >= seconds * 1000L ? 0 : 1;
}

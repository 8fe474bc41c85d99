/*
 * Scheduler and pthread cost figures, the same code for the Amphi guest and
 * for the Linux host (bench/threads/run builds it both ways; on the host it
 * is pinned to one CPU so that two threads really take turns). Prints one
 * "name value unit" line per figure, medians of ROUNDS rounds:
 *   switch_ns    yield ping-pong between two threads, per switch
 *   sempp_ns     semaphore ping-pong (block + wake), per switch
 *   create_ns    pthread_create + pthread_join of a thread that returns
 *   mutex_ns     uncontended pthread_mutex_lock + unlock
 *   wakeup_us    usleep(1000): time actually slept minus 1000 us
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { ROUNDS = 5 };

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double (*fn)(void))
{
	double v[ROUNDS];
	for (int i = 0; i < ROUNDS; i++)
		v[i] = fn();
	qsort(v, ROUNDS, sizeof(v[0]), cmp_double);
	return v[ROUNDS / 2];
}

/* ---- yield ping-pong ---- */
enum { YIELDS = 50000 };
static volatile int turn;

static void *yielder(void *arg)
{
	int me = (int)(intptr_t)arg;
	for (int i = 0; i < YIELDS; i++) {
		while (turn != me)
			sched_yield();
		turn = !me;
	}
	return NULL;
}

static double bench_switch(void)
{
	pthread_t a, b;
	turn = 0;
	double t0 = now_ns();
	pthread_create(&a, NULL, yielder, (void *)0);
	pthread_create(&b, NULL, yielder, (void *)1);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return (now_ns() - t0) / (2.0 * YIELDS);
}

/* ---- semaphore ping-pong ---- */
enum { PINGS = 20000 };
static sem_t ping, pong;

static void *ponger(void *arg)
{
	(void)arg;
	for (int i = 0; i < PINGS; i++) {
		sem_wait(&ping);
		sem_post(&pong);
	}
	return NULL;
}

static double bench_sempp(void)
{
	pthread_t t;
	sem_init(&ping, 0, 0);
	sem_init(&pong, 0, 0);
	pthread_create(&t, NULL, ponger, NULL);
	double t0 = now_ns();
	for (int i = 0; i < PINGS; i++) {
		sem_post(&ping);
		sem_wait(&pong);
	}
	double dt = now_ns() - t0;
	pthread_join(t, NULL);
	sem_destroy(&ping);
	sem_destroy(&pong);
	return dt / (2.0 * PINGS);
}

/* ---- create + join ---- */
enum { CREATES = 2000 };
static void *nothing(void *arg) { return arg; }

static double bench_create(void)
{
	double t0 = now_ns();
	for (int i = 0; i < CREATES; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, nothing, NULL) || pthread_join(t, NULL)) {
			printf("FAIL create/join %d\n", i);
			exit(1);
		}
	}
	return (now_ns() - t0) / CREATES;
}

/* ---- uncontended mutex ---- */
enum { LOCKS = 1000000 };
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static double bench_mutex(void)
{
	double t0 = now_ns();
	for (int i = 0; i < LOCKS; i++) {
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
	}
	return (now_ns() - t0) / LOCKS;
}

/* ---- timer wake-up ---- */
enum { SLEEPS = 100 };
static double bench_wakeup(void)
{
	double over = 0;
	for (int i = 0; i < SLEEPS; i++) {
		double t0 = now_ns();
		usleep(1000);
		over += now_ns() - t0 - 1e6;
	}
	return over / SLEEPS / 1000;
}

int main(void)
{
	printf("switch_ns %.0f\n", median(bench_switch));
	printf("sempp_ns %.0f\n", median(bench_sempp));
	printf("create_ns %.0f\n", median(bench_create));
	printf("mutex_ns %.1f\n", median(bench_mutex));
	printf("wakeup_us %.1f\n", median(bench_wakeup));
	return 0;
}

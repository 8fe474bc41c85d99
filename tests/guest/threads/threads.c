/*
 * POSIX threads on Amphi. argv[1] picks the test; each prints what it saw
 * and "threads <test>: ok" and exits 0, or prints FAIL lines and exits 1.
 *   counter    1,000 threads x 1,000 increments under one mutex, with yields
 *              inside the critical section so the mutex is really contended
 *   condvar    producer/consumer over a condition variable: in order, and
 *              4 producers x 4 consumers, every item exactly once
 *   sem        the same over POSIX semaphores (sem_t)
 *   errno      errno is per thread
 *   printf     10 threads printing 100 whole lines each (tests/run checks
 *              every console line is intact)
 *   misc       recursive/errorcheck mutexes, trylock, timed waits, once,
 *              keys and their destructors, detach, barriers, exit values
 *   selfjoin   pthread_join(pthread_self()) is EDEADLK (and other join misuse)
 *   badunlock  unlocking a normal mutex another thread holds: kernel panic
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int failures;

#define CHECK(cond, ...)                                      \
	do {                                                  \
		if (!(cond)) {                                \
			printf("FAIL %s:%d: ", __func__, __LINE__); \
			printf(__VA_ARGS__);                  \
			printf("\n");                         \
			failures++;                           \
		}                                             \
	} while (0)

#define MUST(call)                                                              \
	do {                                                                    \
		int rc_ = (call);                                               \
		if (rc_) {                                                      \
			printf("FAIL %s:%d: %s = %s\n", __func__, __LINE__, #call, \
			       strerror(rc_));                                  \
			exit(1);                                                \
		}                                                               \
	} while (0)

/* ---- counter ---- */

enum { COUNTER_THREADS = 1000, COUNTER_ROUNDS = 1000 };
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long counter, contended;

static void *count_up(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg;
	for (int i = 0; i < COUNTER_ROUNDS; i++) {
		if (pthread_mutex_trylock(&counter_lock) == EBUSY) {
			contended++;
			MUST(pthread_mutex_lock(&counter_lock));
		}
		unsigned long v = counter;
		seed = seed * 1103515245 + 12345;
		if ((seed >> 16) % 64 == 0)
			sched_yield(); /* others run, find the mutex taken, and queue */
		counter = v + 1;
		MUST(pthread_mutex_unlock(&counter_lock));
		if ((seed >> 20) % 16 == 0)
			sched_yield();
	}
	return arg;
}

static void test_counter(void)
{
	static pthread_t t[COUNTER_THREADS];
	pthread_attr_t attr;
	MUST(pthread_attr_init(&attr));
	MUST(pthread_attr_setstacksize(&attr, 16384)); /* 1,000 live stacks */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uintptr_t i = 0; i < COUNTER_THREADS; i++)
		MUST(pthread_create(&t[i], &attr, count_up, (void *)(i + 1)));
	for (uintptr_t i = 0; i < COUNTER_THREADS; i++) {
		void *ret;
		MUST(pthread_join(t[i], &ret));
		CHECK(ret == (void *)(i + 1), "thread %lu returned %p", (unsigned long)i, ret);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pthread_attr_destroy(&attr);
	printf("counter: %lu (expected %lu), %lu contended locks, %.2f s\n", counter,
	       (unsigned long)COUNTER_THREADS * COUNTER_ROUNDS, contended,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	CHECK(counter == (unsigned long)COUNTER_THREADS * COUNTER_ROUNDS, "lost updates");
	CHECK(contended > 1000, "the mutex was hardly contended");
	MUST(pthread_mutex_destroy(&counter_lock));
}

/* ---- producer/consumer over a condition variable ---- */

enum { ITEMS = 20000, QSIZE = 8, PAIRS = 4 };

struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	long buf[QSIZE];
	unsigned head, len;
};

static void q_put(struct queue *q, long v)
{
	MUST(pthread_mutex_lock(&q->lock));
	while (q->len == QSIZE)
		MUST(pthread_cond_wait(&q->not_full, &q->lock));
	q->buf[(q->head + q->len++) % QSIZE] = v;
	MUST(pthread_cond_signal(&q->not_empty));
	MUST(pthread_mutex_unlock(&q->lock));
}

static long q_get(struct queue *q)
{
	MUST(pthread_mutex_lock(&q->lock));
	while (q->len == 0)
		MUST(pthread_cond_wait(&q->not_empty, &q->lock));
	long v = q->buf[q->head];
	q->head = (q->head + 1) % QSIZE;
	q->len--;
	MUST(pthread_cond_signal(&q->not_full));
	MUST(pthread_mutex_unlock(&q->lock));
	return v;
}

static struct queue cq = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
			   PTHREAD_COND_INITIALIZER, { 0 }, 0, 0 };
static unsigned char seen[ITEMS];

static void *cv_producer(void *arg)
{
	long first = (long)(intptr_t)arg, step = first < 0 ? 1 : PAIRS;
	if (first < 0)
		first = 0;
	for (long v = first; v < ITEMS; v += step)
		q_put(&cq, v);
	return NULL;
}

static void *cv_consumer_in_order(void *arg)
{
	(void)arg;
	for (long want = 0; want < ITEMS; want++) {
		long v = q_get(&cq);
		if (v != want) {
			CHECK(0, "got %ld, expected %ld", v, want);
			break;
		}
	}
	return NULL;
}

static void *cv_consumer_any(void *arg)
{
	long n = (long)(intptr_t)arg;
	for (long i = 0; i < n; i++) {
		long v = q_get(&cq);
		CHECK(v >= 0 && v < ITEMS && !seen[v], "item %ld delivered twice or bogus", v);
		if (v >= 0 && v < ITEMS)
			seen[v]++;
	}
	return NULL;
}

static void test_condvar(void)
{
	pthread_t p, c, ps[PAIRS], cs[PAIRS];
	MUST(pthread_create(&c, NULL, cv_consumer_in_order, NULL));
	MUST(pthread_create(&p, NULL, cv_producer, (void *)(intptr_t)-1));
	MUST(pthread_join(p, NULL));
	MUST(pthread_join(c, NULL));
	printf("condvar: %d items in order, 1 producer, 1 consumer\n", ITEMS);

	memset(seen, 0, sizeof(seen));
	for (long i = 0; i < PAIRS; i++) {
		MUST(pthread_create(&cs[i], NULL, cv_consumer_any, (void *)(intptr_t)(ITEMS / PAIRS)));
		MUST(pthread_create(&ps[i], NULL, cv_producer, (void *)(intptr_t)i));
	}
	for (int i = 0; i < PAIRS; i++) {
		MUST(pthread_join(ps[i], NULL));
		MUST(pthread_join(cs[i], NULL));
	}
	int missing = 0;
	for (int i = 0; i < ITEMS; i++)
		missing += seen[i] != 1;
	CHECK(missing == 0, "%d items not delivered exactly once", missing);
	printf("condvar: %d items, %d producers, %d consumers, %d not delivered exactly once\n",
	       ITEMS, PAIRS, PAIRS, missing);
	MUST(pthread_cond_destroy(&cq.not_empty));
	MUST(pthread_cond_destroy(&cq.not_full));
	MUST(pthread_mutex_destroy(&cq.lock));
}

/* ---- producer/consumer over semaphores ---- */

static sem_t slots_free, slots_used;
static pthread_mutex_t sq_lock = PTHREAD_MUTEX_INITIALIZER;
static long sbuf[QSIZE];
static unsigned shead, stail;

static void *sem_producer(void *arg)
{
	long first = (long)(intptr_t)arg, step = first < 0 ? 1 : PAIRS;
	if (first < 0)
		first = 0;
	for (long v = first; v < ITEMS; v += step) {
		CHECK(sem_wait(&slots_free) == 0, "sem_wait: %s", strerror(errno));
		MUST(pthread_mutex_lock(&sq_lock));
		sbuf[stail++ % QSIZE] = v;
		MUST(pthread_mutex_unlock(&sq_lock));
		CHECK(sem_post(&slots_used) == 0, "sem_post: %s", strerror(errno));
	}
	return NULL;
}

static long sem_get(void)
{
	CHECK(sem_wait(&slots_used) == 0, "sem_wait: %s", strerror(errno));
	MUST(pthread_mutex_lock(&sq_lock));
	long v = sbuf[shead++ % QSIZE];
	MUST(pthread_mutex_unlock(&sq_lock));
	CHECK(sem_post(&slots_free) == 0, "sem_post: %s", strerror(errno));
	return v;
}

static void *sem_consumer(void *arg)
{
	long n = (long)(intptr_t)arg;
	if (n < 0) {
		for (long want = 0; want < ITEMS; want++) {
			long v = sem_get();
			if (v != want) {
				CHECK(0, "got %ld, expected %ld", v, want);
				break;
			}
		}
		return NULL;
	}
	for (long i = 0; i < n; i++) {
		long v = sem_get();
		CHECK(v >= 0 && v < ITEMS && !seen[v], "item %ld delivered twice or bogus", v);
		if (v >= 0 && v < ITEMS)
			seen[v]++;
	}
	return NULL;
}

static void test_sem(void)
{
	CHECK(sem_init(&slots_free, 0, QSIZE) == 0, "sem_init");
	CHECK(sem_init(&slots_used, 0, 0) == 0, "sem_init");
	pthread_t p, c, ps[PAIRS], cs[PAIRS];
	MUST(pthread_create(&c, NULL, sem_consumer, (void *)(intptr_t)-1));
	MUST(pthread_create(&p, NULL, sem_producer, (void *)(intptr_t)-1));
	MUST(pthread_join(p, NULL));
	MUST(pthread_join(c, NULL));
	printf("sem: %d items in order, 1 producer, 1 consumer\n", ITEMS);

	memset(seen, 0, sizeof(seen));
	for (long i = 0; i < PAIRS; i++) {
		MUST(pthread_create(&ps[i], NULL, sem_producer, (void *)(intptr_t)i));
		MUST(pthread_create(&cs[i], NULL, sem_consumer, (void *)(intptr_t)(ITEMS / PAIRS)));
	}
	for (int i = 0; i < PAIRS; i++) {
		MUST(pthread_join(ps[i], NULL));
		MUST(pthread_join(cs[i], NULL));
	}
	int missing = 0;
	for (int i = 0; i < ITEMS; i++)
		missing += seen[i] != 1;
	CHECK(missing == 0, "%d items not delivered exactly once", missing);
	printf("sem: %d items, %d producers, %d consumers, %d not delivered exactly once\n", ITEMS,
	       PAIRS, PAIRS, missing);

	int v = -1;
	CHECK(sem_getvalue(&slots_free, &v) == 0 && v == QSIZE, "free slots %d", v);
	CHECK(sem_trywait(&slots_used) == -1 && errno == EAGAIN, "sem_trywait on 0: %s",
	      strerror(errno));
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20000000; /* 20 ms */
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	CHECK(sem_timedwait(&slots_used, &ts) == -1 && errno == ETIMEDOUT, "sem_timedwait: %s",
	      strerror(errno));
	ts.tv_nsec = 1000000000;
	CHECK(sem_timedwait(&slots_used, &ts) == -1 && errno == EINVAL, "bad timespec: %s",
	      strerror(errno));
	CHECK(sem_destroy(&slots_free) == 0 && sem_destroy(&slots_used) == 0, "sem_destroy");
	CHECK(sem_wait(&slots_used) == -1 && errno == EINVAL, "sem_wait after destroy: %s",
	      strerror(errno));
}

/* ---- errno ---- */

static void *errno_worker(void *arg)
{
	int mine = (int)(intptr_t)arg, bad = 0;
	for (int i = 0; i < 1000; i++) {
		errno = mine;
		sched_yield();
		if (errno != mine)
			bad++;
		/* a failing call sets only this thread's errno */
		if (i % 100 == 0) {
			struct timespec ts = { 0, -1 };
			if (nanosleep(&ts, NULL) != -1 || errno != EINVAL)
				bad++;
			errno = mine;
		}
	}
	return (void *)(intptr_t)bad;
}

static void test_errno(void)
{
	pthread_t a, b;
	errno = 0;
	MUST(pthread_create(&a, NULL, errno_worker, (void *)(intptr_t)EDOM));
	MUST(pthread_create(&b, NULL, errno_worker, (void *)(intptr_t)ERANGE));
	void *ra, *rb;
	MUST(pthread_join(a, &ra));
	MUST(pthread_join(b, &rb));
	printf("errno: thread A saw %ld wrong values, thread B %ld, main errno %d\n",
	       (long)(intptr_t)ra, (long)(intptr_t)rb, errno);
	CHECK(ra == NULL && rb == NULL && errno == 0, "errno is shared between threads");
}

/* ---- printf ---- */

enum { PRINTERS = 10, PRINT_LINES = 100 };

static void *printer(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int i = 0; i < PRINT_LINES; i++) {
		/* one printf per line, long enough to be split if anything split it */
		printf("line %d %03d %s%s end\n", id, i, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij",
		       "klmnopqrstuvwxyz0123456789");
		if ((i + id) % 3 == 0)
			sched_yield();
	}
	return NULL;
}

static void test_printf(void)
{
	pthread_t t[PRINTERS];
	for (int i = 0; i < PRINTERS; i++)
		MUST(pthread_create(&t[i], NULL, printer, (void *)(intptr_t)i));
	for (int i = 0; i < PRINTERS; i++)
		MUST(pthread_join(t[i], NULL));
	printf("printf: %d lines from %d threads\n", PRINTERS * PRINT_LINES, PRINTERS);
}

/* ---- misc ---- */

static int destructed;
static void destructor(void *v)
{
	destructed += (int)(intptr_t)v;
}

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void once_init(void)
{
	once_runs++;
	usleep(1000); /* others arrive while this runs */
}

static void *keys_worker(void *arg)
{
	CHECK(pthread_getspecific(key) == NULL, "a new thread's value is not NULL");
	MUST(pthread_setspecific(key, arg));
	sched_yield();
	CHECK(pthread_getspecific(key) == arg, "value changed");
	MUST(pthread_once(&once, once_init));
	return NULL;
}

static void cleanup_handler(void *arg) { *(int *)arg += 1; }

static void *exiting_worker(void *arg)
{
	pthread_cleanup_push(cleanup_handler, arg);
	pthread_exit((void *)42);
	pthread_cleanup_pop(0);
	return NULL;
}

static volatile int detached_ran;
static void *detached_worker(void *arg)
{
	(void)arg;
	detached_ran = 1;
	return NULL;
}

static pthread_barrier_t barrier;
static int barrier_serial, barrier_phase_bad, barrier_phase;
static void *barrier_worker(void *arg)
{
	(void)arg;
	for (int round = 0; round < 10; round++) {
		if (barrier_phase != round)
			barrier_phase_bad++;
		int rc = pthread_barrier_wait(&barrier);
		if (rc == PTHREAD_BARRIER_SERIAL_THREAD) {
			barrier_serial++;
			barrier_phase++;
		} else if (rc != 0) {
			barrier_phase_bad++;
		}
		pthread_barrier_wait(&barrier);
	}
	return NULL;
}

static pthread_mutex_t tm = PTHREAD_MUTEX_INITIALIZER;
static void *hold_tm(void *arg)
{
	MUST(pthread_mutex_lock(&tm));
	usleep((useconds_t)(uintptr_t)arg);
	MUST(pthread_mutex_unlock(&tm));
	return NULL;
}

static struct timespec in_ms(int ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)ms * 1000000;
	ts.tv_sec += ts.tv_nsec / 1000000000;
	ts.tv_nsec %= 1000000000;
	return ts;
}

static void test_misc(void)
{
	/* recursive */
	pthread_mutexattr_t ma;
	pthread_mutex_t m;
	MUST(pthread_mutexattr_init(&ma));
	MUST(pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE));
	MUST(pthread_mutex_init(&m, &ma));
	MUST(pthread_mutex_lock(&m));
	MUST(pthread_mutex_lock(&m));
	MUST(pthread_mutex_trylock(&m));
	MUST(pthread_mutex_unlock(&m));
	MUST(pthread_mutex_unlock(&m));
	CHECK(pthread_mutex_destroy(&m) == EBUSY, "destroying a locked mutex");
	MUST(pthread_mutex_unlock(&m));
	CHECK(pthread_mutex_unlock(&m) == EPERM, "recursive: unlock too often");
	MUST(pthread_mutex_destroy(&m));
	printf("misc: recursive mutex ok\n");

	/* errorcheck */
	MUST(pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK));
	MUST(pthread_mutex_init(&m, &ma));
	CHECK(pthread_mutex_unlock(&m) == EPERM, "errorcheck: unlock unlocked");
	MUST(pthread_mutex_lock(&m));
	CHECK(pthread_mutex_lock(&m) == EDEADLK, "errorcheck: relock");
	CHECK(pthread_mutex_trylock(&m) == EBUSY, "errorcheck: trylock");
	MUST(pthread_mutex_unlock(&m));
	MUST(pthread_mutex_destroy(&m));
	int type = -1;
	MUST(pthread_mutexattr_gettype(&ma, &type));
	CHECK(type == PTHREAD_MUTEX_ERRORCHECK, "gettype %d", type);
	CHECK(pthread_mutexattr_settype(&ma, 99) == EINVAL, "settype 99");
	MUST(pthread_mutexattr_destroy(&ma));
	printf("misc: errorcheck mutex ok\n");

	/* timed lock */
	pthread_t h;
	MUST(pthread_create(&h, NULL, hold_tm, (void *)(uintptr_t)50000));
	sched_yield(); /* let it take the mutex */
	struct timespec ts = in_ms(10);
	CHECK(pthread_mutex_timedlock(&tm, &ts) == ETIMEDOUT, "timedlock did not time out");
	ts = in_ms(1000);
	MUST(pthread_mutex_timedlock(&tm, &ts));
	MUST(pthread_mutex_unlock(&tm));
	MUST(pthread_join(h, NULL));
	printf("misc: timedlock ok\n");

	/* timed wait, realtime and monotonic */
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	MUST(pthread_mutex_lock(&tm));
	struct timespec before, after;
	clock_gettime(CLOCK_MONOTONIC, &before);
	ts = in_ms(20);
	CHECK(pthread_cond_timedwait(&c, &tm, &ts) == ETIMEDOUT, "cond_timedwait");
	clock_gettime(CLOCK_MONOTONIC, &after);
	long waited = (after.tv_sec - before.tv_sec) * 1000 + (after.tv_nsec - before.tv_nsec) / 1000000;
	CHECK(waited >= 19, "cond_timedwait returned after %ld ms", waited);
	ts.tv_nsec = -1;
	CHECK(pthread_cond_timedwait(&c, &tm, &ts) == EINVAL, "cond_timedwait bad time");
	MUST(pthread_mutex_unlock(&tm));
	MUST(pthread_cond_destroy(&c));
	pthread_condattr_t ca;
	MUST(pthread_condattr_init(&ca));
	MUST(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC));
	MUST(pthread_cond_init(&c, &ca));
	MUST(pthread_mutex_lock(&tm));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += 20000000;
	ts.tv_sec += ts.tv_nsec / 1000000000;
	ts.tv_nsec %= 1000000000;
	CHECK(pthread_cond_timedwait(&c, &tm, &ts) == ETIMEDOUT, "monotonic cond_timedwait");
	clock_gettime(CLOCK_MONOTONIC, &after);
	CHECK(after.tv_sec > ts.tv_sec || (after.tv_sec == ts.tv_sec && after.tv_nsec >= ts.tv_nsec),
	      "monotonic cond_timedwait returned early");
	MUST(pthread_mutex_unlock(&tm));
	MUST(pthread_cond_destroy(&c));
	MUST(pthread_condattr_destroy(&ca));
	printf("misc: timed waits ok\n");

	/* keys, once */
	MUST(pthread_key_create(&key, destructor));
	MUST(pthread_setspecific(key, (void *)1000)); /* main's: no destructor at join */
	pthread_t w[5];
	for (intptr_t i = 0; i < 5; i++)
		MUST(pthread_create(&w[i], NULL, keys_worker, (void *)(i + 1)));
	for (int i = 0; i < 5; i++)
		MUST(pthread_join(w[i], NULL));
	CHECK(pthread_getspecific(key) == (void *)1000, "main's value");
	CHECK(destructed == 1 + 2 + 3 + 4 + 5, "destructors: %d", destructed);
	CHECK(once_runs == 1, "pthread_once ran %d times", once_runs);
	MUST(pthread_key_delete(key));
	CHECK(pthread_setspecific(key, NULL) == EINVAL, "deleted key");
	pthread_key_t k2;
	MUST(pthread_key_create(&k2, NULL));
	CHECK(pthread_getspecific(k2) == NULL, "a reused key shows an old value");
	MUST(pthread_key_delete(k2));
	printf("misc: keys, destructors and once ok\n");

	/* exit value and cleanup handlers */
	int cleaned = 0;
	void *ret;
	MUST(pthread_create(&h, NULL, exiting_worker, &cleaned));
	MUST(pthread_join(h, &ret));
	CHECK(ret == (void *)42 && cleaned == 1, "pthread_exit: %p, cleanup %d", ret, cleaned);
	CHECK(pthread_join(h, NULL) == ESRCH, "join twice");

	/* detached */
	pthread_attr_t attr;
	MUST(pthread_attr_init(&attr));
	int ds = -1;
	MUST(pthread_attr_getdetachstate(&attr, &ds));
	CHECK(ds == PTHREAD_CREATE_JOINABLE, "default detach state");
	MUST(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED));
	MUST(pthread_create(&h, &attr, detached_worker, NULL));
	CHECK(pthread_join(h, NULL) == EINVAL, "join a detached thread");
	usleep(1000);
	CHECK(detached_ran, "detached thread did not run");
	MUST(pthread_attr_destroy(&attr));
	MUST(pthread_create(&h, NULL, detached_worker, NULL));
	usleep(1000); /* it ends first */
	MUST(pthread_detach(h));
	CHECK(pthread_equal(pthread_self(), pthread_self()) && !pthread_equal(pthread_self(), h),
	      "pthread_equal");
	printf("misc: exit values, cleanup handlers, detach ok\n");

	/* barrier */
	MUST(pthread_barrier_init(&barrier, NULL, 4));
	for (int i = 0; i < 4; i++)
		MUST(pthread_create(&w[i], NULL, barrier_worker, NULL));
	for (int i = 0; i < 4; i++)
		MUST(pthread_join(w[i], NULL));
	MUST(pthread_barrier_destroy(&barrier));
	CHECK(barrier_serial == 10 && barrier_phase_bad == 0, "barrier: %d serial, %d bad",
	      barrier_serial, barrier_phase_bad);
	printf("misc: barrier ok\n");

	/* many short-lived threads: handles and memory are reused */
	for (int i = 0; i < 3000; i++) {
		MUST(pthread_create(&h, NULL, detached_worker, NULL));
		MUST(pthread_join(h, NULL));
	}
	printf("misc: 3000 create+join ok\n");
}

/* ---- misuse ---- */

static void *joins_itself(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)pthread_join(pthread_self(), NULL);
}

static void test_selfjoin(void)
{
	int rc = pthread_join(pthread_self(), NULL);
	printf("selfjoin: main joining itself: %s\n", strerror(rc));
	CHECK(rc == EDEADLK, "expected EDEADLK");
	pthread_t t;
	void *ret;
	MUST(pthread_create(&t, NULL, joins_itself, NULL));
	MUST(pthread_join(t, &ret));
	printf("selfjoin: a thread joining itself: %s\n", strerror((int)(intptr_t)ret));
	CHECK(ret == (void *)(intptr_t)EDEADLK, "expected EDEADLK");
	CHECK(pthread_join(t, NULL) == ESRCH, "joining a joined thread");
	CHECK(pthread_join((pthread_t)12345678, NULL) == ESRCH, "joining a bogus thread");
}

static pthread_mutex_t owned = PTHREAD_MUTEX_INITIALIZER;
static sem_t never;
static void *take_owned(void *arg)
{
	(void)arg;
	MUST(pthread_mutex_lock(&owned));
	sem_wait(&never); /* keeps holding it */
	return NULL;
}

static void test_badunlock(void)
{
	pthread_t t;
	sem_init(&never, 0, 0);
	MUST(pthread_create(&t, NULL, take_owned, NULL));
	sched_yield(); /* it takes the mutex and blocks */
	printf("badunlock: unlocking a mutex another thread holds\n");
	pthread_mutex_unlock(&owned);
	printf("badunlock: survived\n");
	failures++;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
		{ "counter", test_counter }, { "condvar", test_condvar },
		{ "sem", test_sem },	     { "errno", test_errno },
		{ "printf", test_printf },   { "misc", test_misc },
		{ "selfjoin", test_selfjoin }, { "badunlock", test_badunlock },
	};
	for (size_t i = 0; argc == 2 && i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (strcmp(argv[1], tests[i].name))
			continue;
		tests[i].fn();
		printf("threads %s: %s\n", argv[1], failures ? "FAILED" : "ok");
		return failures ? 1 : 0;
	}
	fprintf(stderr, "usage: threads counter|condvar|sem|errno|printf|misc|selfjoin|badunlock\n");
	return 2;
}

/* newlib works: float printf, strtod, snprintf, qsort, malloc/realloc/free
 * under stress with contents checked, libm, constructors, time. Prints one
 * line per check; exits 0 only if all pass. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static int failures;
static int constructed;

__attribute__((constructor)) static void set_constructed(void) { constructed = 42; }

#define CHECK(cond, ...)                              \
	do {                                          \
		if (cond) {                           \
			printf("ok   " __VA_ARGS__);  \
		} else {                              \
			printf("FAIL " __VA_ARGS__);  \
			failures++;                   \
		}                                     \
		printf("\n");                         \
	} while (0)

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static uint8_t pattern(uintptr_t i, size_t j) { return (uint8_t)(i * 31 + j * 7 + 1); }

static void malloc_stress(void)
{
	enum { N = 10000 };
	static uint8_t *blocks[N];
	static size_t sizes[N];
	unsigned seed = 12345;
	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245 + 12345;
		sizes[i] = 1 + (seed >> 16) % 2048;
		blocks[i] = malloc(sizes[i]);
		if (!blocks[i]) {
			CHECK(0, "malloc %d of %d bytes", i, (int)sizes[i]);
			return;
		}
		for (size_t j = 0; j < sizes[i]; j++)
			blocks[i][j] = pattern(i, j);
	}
	/* Free every other block, grow the rest with realloc, then verify all. */
	for (int i = 0; i < N; i += 2) {
		free(blocks[i]);
		blocks[i] = NULL;
	}
	int bad = 0;
	for (int i = 1; i < N; i += 2) {
		uint8_t *p = realloc(blocks[i], sizes[i] * 2);
		if (!p) {
			bad++;
			continue;
		}
		blocks[i] = p;
		for (size_t j = 0; j < sizes[i]; j++)
			bad += p[j] != pattern(i, j);
	}
	for (int i = 0; i < N; i++)
		free(blocks[i]);
	CHECK(bad == 0, "malloc stress: 10000 blocks, realloc, contents verified (%d bad)", bad);
}

int main(void)
{
	char buf[128];

	CHECK(constructed == 42, "constructor ran before main");

	snprintf(buf, sizeof(buf), "%.3f %e %g", 3.14159265, 12345.678, 0.0001);
	CHECK(!strcmp(buf, "3.142 1.234568e+04 0.0001"), "float printf: %s", buf);

	snprintf(buf, sizeof(buf), "%lld %llx %5s|%-4d|%zu", -9000000000LL, 0xdeadbeefcafeULL, "ab", 7,
		 (size_t)99);
	CHECK(!strcmp(buf, "-9000000000 deadbeefcafe    ab|7   |99"), "integer snprintf: %s", buf);

	char *end;
	double d = strtod("  -1.5e3xyz", &end);
	CHECK(d == -1500.0 && !strcmp(end, "xyz"), "strtod: %g rest=%s", d, end);
	CHECK(strtod("0x1p-2", NULL) == 0.25, "strtod hex float");

	int v[] = { 5, -1, 9, 3, 3, 0, 42, -7 };
	qsort(v, 8, sizeof(int), cmp_int);
	CHECK(v[0] == -7 && v[1] == -1 && v[2] == 0 && v[7] == 42, "qsort");

	CHECK(fabs(sin(M_PI / 6) - 0.5) < 1e-12, "sin(pi/6) = %.15f", sin(M_PI / 6));
	CHECK(fabs(sqrt(2.0) - 1.41421356237309505) < 1e-15, "sqrt(2) = %.15f", sqrt(2.0));
	CHECK(fabs(exp(1.0) - M_E) < 1e-15, "exp(1) = %.15f", exp(1.0));
	CHECK(fabs(log(1000.0) / log(10.0) - 3.0) < 1e-12, "log");
	CHECK(fabs(pow(2.0, 0.5) - sqrt(2.0)) < 1e-15, "pow");
	CHECK(fabs(atan2(1.0, 1.0) - M_PI / 4) < 1e-15, "atan2");

	malloc_stress();

	struct timeval tv;
	gettimeofday(&tv, NULL);
	CHECK(tv.tv_sec > 1600000000, "gettimeofday: %ld", (long)tv.tv_sec);
	CHECK(time(NULL) >= tv.tv_sec, "time()");

	fprintf(stderr, "stderr works\n");
	printf("newlib: %s\n", failures ? "FAILED" : "all ok");
	return failures ? 1 : 0;
}

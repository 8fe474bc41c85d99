/* Minimal host unit-test helpers: each tests/unit/test_*.c is one program.
 * CHECK() records a failure and goes on; main() ends with `return check_done();`,
 * which prints "<file>: N checks, N failed" and returns non-zero on any failure. */
#ifndef AMPHI_CHECK_H
#define AMPHI_CHECK_H

#include <stdio.h>

static int check_count, check_failed;

#define CHECK(cond)                                                              \
	do {                                                                         \
		check_count++;                                                           \
		if (!(cond)) {                                                           \
			check_failed++;                                                      \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                        \
	} while (0)

#define CHECK_EQ(a, b)                                                           \
	do {                                                                         \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b);          \
		check_count++;                                                           \
		if (check_a_ != check_b_) {                                              \
			check_failed++;                                                      \
			fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, expected %s == %lld\n", \
				__FILE__, __LINE__, #a, check_a_, #b, check_b_);                   \
		}                                                                        \
	} while (0)

static inline int check_done(void)
{
	printf("%s: %d checks, %d failed\n", __BASE_FILE__, check_count, check_failed);
	return check_failed ? 1 : 0;
}

#endif

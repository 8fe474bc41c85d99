/* What every harness in tests/fuzz/ shares: reading structured values off
 * libFuzzer's input (a short input reads as zeros, never past its end), and
 * the invariant check that turns a wrong decision into a crash libFuzzer
 * reports. Harnesses are built with -DAMPHI_HOST_TEST, like tests/unit. */
#ifndef AMPHI_FUZZ_H
#define AMPHI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline void fuzz_take(struct fuzz_in *in, void *dst, size_t len)
{
	size_t k = len < in->n ? len : in->n;
	memcpy(dst, in->p, k);
	memset((uint8_t *)dst + k, 0, len - k);
	in->p += k;
	in->n -= k;
}

static inline uint8_t fuzz_u8(struct fuzz_in *in) { uint8_t v; fuzz_take(in, &v, 1); return v; }
static inline uint16_t fuzz_u16(struct fuzz_in *in) { uint16_t v; fuzz_take(in, &v, 2); return v; }
static inline uint32_t fuzz_u32(struct fuzz_in *in) { uint32_t v; fuzz_take(in, &v, 4); return v; }
static inline uint64_t fuzz_u64(struct fuzz_in *in) { uint64_t v; fuzz_take(in, &v, 8); return v; }

/* Up to len bytes of the input, in place; *got says how many. */
static inline const uint8_t *fuzz_bytes(struct fuzz_in *in, size_t len, size_t *got)
{
	const uint8_t *p = in->p;
	*got = len < in->n ? len : in->n;
	in->p += *got;
	in->n -= *got;
	return p;
}

/* A property of the code under test that bad input must never break. */
#define FUZZ_ASSERT(cond)                                                                    \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: FUZZ_ASSERT failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                      \
			abort();                                                             \
		}                                                                            \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif

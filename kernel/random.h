/*
 * Random bytes for /dev/random, /dev/urandom and getrandom(). With a CPU
 * random number generator (RDSEED/RDRAND), every 64 bytes come from a
 * ChaCha20 block keyed afresh from it. Without one (QEMU's default CPU
 * models), the key is seeded once from what the guest can observe that an
 * outsider cannot easily predict: the cycle counter's jitter over many
 * timed loops, the wall clock, and the boot's stack-canary seed; then the
 * generator ratchets (each request rekeys it), so earlier output cannot be
 * recomputed from a later state. That fallback is as good as its seed:
 * say so to users who need secrets (README).
 */
#ifndef AMPHI_RANDOM_H
#define AMPHI_RANDOM_H

#include <stddef.h>

void random_bytes(void *buf, size_t len);
/* Where the bytes come from: "rdrand/rdseed" or "seeded chacha20". */
const char *random_source(void);

#endif

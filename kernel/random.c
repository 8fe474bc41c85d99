/* Random bytes (random.h): ChaCha20 (RFC 8439's block function) as the
 * generator, keyed from the CPU's RNG or from a seed gathered once. */
#include <stdint.h>
#include <string.h>

#include "arch/arch.h"
#include "random.h"
#include "ssp.h"
#include "thread.h"

static uint32_t key[8];
static uint64_t counter;
static int seeded, hardware;

static uint32_t rotl(uint32_t v, int n) { return v << n | v >> (32 - n); }

#define QR(a, b, c, d)                                   \
	(a += b, d ^= a, d = rotl(d, 16), c += d, b ^= c, b = rotl(b, 12), \
	 a += b, d ^= a, d = rotl(d, 8), c += d, b ^= c, b = rotl(b, 7))

static void chacha_block(uint32_t out[16])
{
	uint32_t s[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	memcpy(s + 4, key, sizeof(key));
	s[12] = (uint32_t)counter;
	s[13] = (uint32_t)(counter >> 32);
	s[14] = s[15] = 0;
	counter++;
	uint32_t x[16];
	memcpy(x, s, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]), QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]), QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]), QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]), QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		out[i] = x[i] + s[i];
}

/* The key from the CPU's generator: 1, or 0 if it has none. */
static int hw_rekey(void)
{
	for (int i = 0; i < 8; i += 2) {
		uint64_t v;
		if (!arch_hw_random(&v))
			return 0;
		key[i] = (uint32_t)v;
		key[i + 1] = (uint32_t)(v >> 32);
	}
	return 1;
}

/* No CPU generator: the cycle counter's jitter across timed loops (under
 * interrupts and, on a hypervisor, exits and preemption), the clocks and
 * the canary seed, folded through the block function. */
static void seed(void)
{
	key[0] = (uint32_t)__stack_chk_guard;
	key[1] = (uint32_t)(__stack_chk_guard >> 32);
	uint64_t wall = time_wall_ns(), mono = time_now_ns();
	key[2] ^= (uint32_t)wall, key[3] ^= (uint32_t)(wall >> 32), key[4] ^= (uint32_t)mono;
	for (int round = 0; round < 64; round++) {
		uint64_t t0 = arch_cycles();
		volatile uint32_t spin = 0;
		for (int i = 0; i < 100 + (int)(t0 & 63); i++)
			spin += (uint32_t)i;
		uint64_t dt = arch_cycles() - t0;
		key[round % 8] ^= rotl((uint32_t)dt, round % 32) ^ (uint32_t)(dt >> 32);
		uint32_t block[16];
		chacha_block(block);
		for (int i = 0; i < 8; i++)
			key[i] ^= block[i];
	}
}

void random_bytes(void *buf, size_t len)
{
	if (!seeded) {
		hardware = hw_rekey();
		if (!hardware)
			seed();
		seeded = 1;
	}
	uint32_t block[16];
	for (size_t done = 0; done < len;) {
		if (hardware)
			hw_rekey();
		chacha_block(block);
		size_t k = len - done < sizeof(block) ? len - done : sizeof(block);
		memcpy((char *)buf + done, block, k);
		done += k;
	}
	/* ratchet: the next key is output nobody saw */
	chacha_block(block);
	memcpy(key, block, sizeof(key));
	memset(block, 0, sizeof(block));
}

const char *random_source(void)
{
	if (!seeded) {
		uint8_t b;
		random_bytes(&b, 1);
	}
	return hardware ? "rdrand/rdseed" : "seeded chacha20";
}

/* The Internet checksum (RFC 1071): the ones'-complement sum of big-endian
 * 16-bit words, for the stack's glue (tcpcsum.c) and the NIC drivers that
 * finish checksums the host left to the guest. */
#ifndef AMPHI_NET_CSUM_H
#define AMPHI_NET_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* sum plus the words of data (a last odd byte padded with zero), unfolded. */
static inline uint64_t csum_add(const void *data, size_t len, uint64_t sum)
{
	const uint8_t *p = data;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

/* Fold a sum to 16 bits (not yet complemented: ~ that to store it). */
static inline uint16_t csum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

#endif

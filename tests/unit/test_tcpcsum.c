/* UNIT_SOURCES: kernel/net/tcpcsum.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kernel/net/tcpcsum.h"

/* A TCP segment slirp sent (IPv4, its checksum 0x6d0c), and one over IPv6
 * whose checksum (0x39d6) was worked out separately. */
static const char v4_hex[] =
    "52540012345652550a00020208004500006e00230000400662570a0002020a00020fb9c05ba1001c52020000"
    "196f5018ffff6d0c0000474554202f696e6465782e68746d6c20485454502f312e310d0a436f6e6e6563746"
    "96f6e3a20636c6f73650d0a486f73743a203132372e302e302e313a32333435370d0a0d0a";
static const char v6_hex[] =
    "52540012345652550000000186dd6000000000210640fe80000000000000505400fffe123456fe800000000000"
    "00000000000000abcd04d2005000000001000000025018ffff0000000068656c6c6f2c20616d7068690a";

static size_t unhex(const char *h, uint8_t *out)
{
	size_t n = strlen(h) / 2;
	for (size_t i = 0; i < n; i++)
		sscanf(h + 2 * i, "%2hhx", &out[i]);
	return n;
}

static uint16_t field(const uint8_t *f, size_t at) { return (uint16_t)(f[at] << 8 | f[at + 1]); }

/* What a device does with an offload request: sum [start, len) into the field. */
static void device_finish(uint8_t *f, size_t len, uint16_t start, uint16_t offset)
{
	uint32_t sum = 0;
	for (size_t i = start; i + 1 < len; i += 2)
		sum += field(f, i);
	if ((len - start) & 1)
		sum += (uint32_t)f[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	f[start + offset] = (uint8_t)(~sum >> 8);
	f[start + offset + 1] = (uint8_t)~sum;
}

static void known_answer(const char *hex, size_t l4, uint16_t want)
{
	uint8_t f[256], g[256];
	size_t len = unhex(hex, f);
	CHECK(tcpcsum_ok(f, len) || field(f, l4 + 16) == 0); /* the v6 one starts at 0 */
	memcpy(g, f, len);
	tcpcsum_fill(g, len);
	CHECK_EQ(field(g, l4 + 16), want);
	CHECK(tcpcsum_ok(g, len));

	/* Offloaded: the device's result is the same checksum. */
	memcpy(g, f, len);
	uint16_t start = 0, offset = 0;
	CHECK_EQ(tcpcsum_prepare(g, len, len, &start, &offset), TCPCSUM_OFFLOAD);
	CHECK_EQ(start, l4);
	CHECK_EQ(offset, 16);
	device_finish(g, len, start, offset);
	CHECK_EQ(field(g, l4 + 16), want);

	/* Any flipped bit in the segment or the addresses is caught. */
	for (size_t i = l4 - (l4 == 34 ? 8 : 32); i < len; i += 7) {
		memcpy(g, f, len);
		tcpcsum_fill(g, len);
		g[i] ^= 0x10;
		CHECK(!tcpcsum_ok(g, len));
	}

	/* Headers split from the first piece, or padding after the segment. */
	memcpy(g, f, len);
	CHECK_EQ(tcpcsum_prepare(g, l4 + 10, len, &start, &offset), TCPCSUM_TOO_SHORT);
	CHECK_EQ(tcpcsum_prepare(g, 20, len, &start, &offset), TCPCSUM_TOO_SHORT);
	g[len] = 0;
	CHECK_EQ(tcpcsum_prepare(g, len + 1, len + 1, &start, &offset), TCPCSUM_TOO_SHORT);
	tcpcsum_fill(g, len + 1); /* the IP length, not the frame's, bounds the sum */
	CHECK_EQ(field(g, l4 + 16), want);
	CHECK(tcpcsum_ok(g, len + 1));
}

static void not_tcp(void)
{
	uint8_t f[256], g[256];
	size_t len = unhex(v4_hex, f);
	uint16_t start, offset;

	memcpy(g, f, len);
	g[14 + 9] = 17; /* UDP */
	CHECK_EQ(tcpcsum_prepare(g, len, len, &start, &offset), TCPCSUM_NOT_TCP);
	CHECK(tcpcsum_ok(g, len));
	tcpcsum_fill(g, len);
	CHECK(memcmp(f + 34, g + 34, len - 34) == 0); /* left alone */

	memcpy(g, f, len);
	g[14 + 6] = 0x20; /* more fragments */
	CHECK_EQ(tcpcsum_prepare(g, len, len, &start, &offset), TCPCSUM_NOT_TCP);
	memcpy(g, f, len);
	g[12] = 0x08, g[13] = 0x06; /* ARP */
	CHECK_EQ(tcpcsum_prepare(g, len, len, &start, &offset), TCPCSUM_NOT_TCP);

	/* Malformed lengths are lwIP's to reject, never read past the frame. */
	memcpy(g, f, len);
	g[16] = 0x10; /* IP total length 4096 */
	CHECK_EQ(tcpcsum_prepare(g, len, len, &start, &offset), TCPCSUM_NOT_TCP);
	CHECK(tcpcsum_ok(g, len));
	memcpy(g, f, len);
	g[14] = 0x4f; /* IHL 60: the TCP header no longer fits */
	g[16] = 0, g[17] = 70;
	CHECK_EQ(tcpcsum_prepare(g, len, len, &start, &offset), TCPCSUM_NOT_TCP);
	for (size_t n = 0; n < 60; n++) {
		CHECK(tcpcsum_ok(f, n)); /* truncated frames: nothing to check */
		memcpy(g, f, len);
		tcpcsum_fill(g, n);
		CHECK(memcmp(f, g, len) == 0);
	}
}

int main(void)
{
	known_answer(v4_hex, 34, 0x6d0c);
	known_answer(v6_hex, 54, 0x39d6);
	not_tcp();
	return check_done();
}

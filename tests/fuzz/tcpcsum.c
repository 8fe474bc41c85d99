/* FUZZ_SOURCES: kernel/net/tcpcsum.c */
/* TCP checksum offload (kernel/net/tcpcsum.c) on any frame lwIP or a peer
 * could produce. Input: hdr_len (2 bytes), then the frame. Properties: the
 * offload preparation reads only the first hdr_len bytes it is given; when it
 * offloads, start/offset lie inside the frame and a device that sums
 * [start, end) into the field yields a segment tcpcsum_ok accepts; a frame
 * tcpcsum_fill completed is accepted too; nothing reads past the frame. */
#include "fuzz.h"

#include "kernel/net/tcpcsum.h"

/* What a device with NETIF_F_HW_CSUM does with start/offset. */
static void device_sum(uint8_t *f, size_t len, uint16_t start, uint16_t offset)
{
	uint32_t sum = 0;
	for (size_t i = start; i + 1 < len; i += 2)
		sum += (uint32_t)(f[i] << 8 | f[i + 1]);
	if ((len - start) & 1)
		sum += (uint32_t)f[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	uint16_t c = (uint16_t)~sum;
	f[start + offset] = (uint8_t)(c >> 8);
	f[start + offset + 1] = (uint8_t)c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	size_t hdr_len = fuzz_u16(&in), len = in.n;
	if (hdr_len > len)
		hdr_len = len;
	/* Exactly-sized copies: ASan catches a read past either. */
	uint8_t *frame = malloc(len ? len : 1), *hdr = malloc(hdr_len ? hdr_len : 1);
	memcpy(frame, in.p, len);
	memcpy(hdr, in.p, hdr_len);

	uint16_t start = 0, offset = 0;
	int r = tcpcsum_prepare(hdr, hdr_len, len, &start, &offset);
	FUZZ_ASSERT(r == TCPCSUM_NOT_TCP || r == TCPCSUM_OFFLOAD || r == TCPCSUM_TOO_SHORT);
	if (r == TCPCSUM_OFFLOAD) {
		FUZZ_ASSERT((size_t)start + offset + 2 <= hdr_len);
		memcpy(frame, hdr, hdr_len); /* the pseudo-header sum it stored */
		device_sum(frame, len, start, offset);
		FUZZ_ASSERT(tcpcsum_ok(frame, len));
	}
	memcpy(frame, in.p, len);
	tcpcsum_fill(frame, len);
	FUZZ_ASSERT(tcpcsum_ok(frame, len));
	tcpcsum_ok(in.p, len); /* as received: any answer, no crash */
	free(frame);
	free(hdr);
	return 0;
}

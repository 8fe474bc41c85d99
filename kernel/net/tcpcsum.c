/* TCP checksums for devices that finish them; see tcpcsum.h. */
#include "tcpcsum.h"

#include "csum.h"

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define IPPROTO_TCP_ 6
#define TCP_HLEN 20
#define TCP_CSUM_AT 16 /* the checksum's offset in the TCP header */

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

struct tcp_at {
	size_t l4, l4_len; /* where the TCP header starts; TCP header + data */
	uint64_t pseudo;   /* the pseudo-header's sum, unfolded */
};

enum { NOT_TCP, IS_TCP, NEED_MORE };

/* Find the TCP segment in a frame of frame_len bytes, of which avail are
 * readable at f. */
static int locate(const uint8_t *f, size_t avail, size_t frame_len, struct tcp_at *t)
{
	if (frame_len < 14 + 20)
		return NOT_TCP; /* too short for any IP header */
	if (avail < 14 + 20)
		return NEED_MORE;
	uint16_t type = be16(f + 12);
	const uint8_t *ip = f + 14;
	if (type == ETHERTYPE_IPV4 && ip[0] >> 4 == 4) {
		size_t ihl = (size_t)(ip[0] & 15) * 4;
		size_t tot = be16(ip + 2);
		if (ihl < 20 || ip[9] != IPPROTO_TCP_ || (be16(ip + 6) & 0x3fff) ||
		    tot < ihl + TCP_HLEN || 14 + tot > frame_len)
			return NOT_TCP; /* not TCP, a fragment, or malformed: lwIP's business */
		if (avail < 14 + ihl)
			return NEED_MORE;
		t->l4 = 14 + ihl;
		t->l4_len = tot - ihl;
		t->pseudo = csum_add(ip + 12, 8, IPPROTO_TCP_ + (uint32_t)t->l4_len);
	} else if (type == ETHERTYPE_IPV6 && ip[0] >> 4 == 6) {
		size_t plen = be16(ip + 4);
		if (ip[6] != IPPROTO_TCP_ || plen < TCP_HLEN || 14 + 40 + plen > frame_len)
			return NOT_TCP; /* extension headers are never ours to offload */
		if (avail < 14 + 40)
			return NEED_MORE;
		t->l4 = 14 + 40;
		t->l4_len = plen;
		t->pseudo = csum_add(ip + 8, 32, IPPROTO_TCP_ + (uint32_t)plen);
	} else {
		return NOT_TCP;
	}
	return t->l4 + TCP_CSUM_AT + 2 <= avail ? IS_TCP : NEED_MORE;
}

int tcpcsum_prepare(uint8_t *frame, size_t hdr_len, size_t frame_len, uint16_t *start,
		    uint16_t *offset)
{
	struct tcp_at t;
	int r = locate(frame, hdr_len < frame_len ? hdr_len : frame_len, frame_len, &t);
	if (r == NOT_TCP)
		return TCPCSUM_NOT_TCP;
	/* The device sums to the end of the frame: padding would count. */
	if (r == NEED_MORE || t.l4 + t.l4_len != frame_len || t.l4 > UINT16_MAX)
		return TCPCSUM_TOO_SHORT;
	uint16_t p = csum_fold(t.pseudo);
	frame[t.l4 + TCP_CSUM_AT] = (uint8_t)(p >> 8);
	frame[t.l4 + TCP_CSUM_AT + 1] = (uint8_t)p;
	*start = (uint16_t)t.l4;
	*offset = TCP_CSUM_AT;
	return TCPCSUM_OFFLOAD;
}

void tcpcsum_fill(uint8_t *frame, size_t len)
{
	struct tcp_at t;
	if (locate(frame, len, len, &t) != IS_TCP)
		return;
	uint8_t *c = frame + t.l4 + TCP_CSUM_AT;
	c[0] = c[1] = 0;
	uint16_t sum = (uint16_t)~csum_fold(csum_add(frame + t.l4, t.l4_len, t.pseudo));
	c[0] = (uint8_t)(sum >> 8);
	c[1] = (uint8_t)sum;
}

int tcpcsum_ok(const uint8_t *frame, size_t len)
{
	struct tcp_at t;
	if (locate(frame, len, len, &t) != IS_TCP)
		return 1;
	return csum_fold(csum_add(frame + t.l4, t.l4_len, t.pseudo)) == 0xffff;
}

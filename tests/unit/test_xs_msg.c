/* UNIT_SOURCES: drivers/xen/xs_msg.c */
/* Host test of the xenstore wire logic: ring index arithmetic across the
 * 32-bit wrap, request layout, and rejection of malformed replies. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "drivers/xen/xs_msg.h"

static void test_ring(void)
{
	static char ring[XENSTORE_RING_SIZE];
	char out[XENSTORE_RING_SIZE + 16];
	CHECK_EQ(xs_ring_used(5, 5), 0);
	CHECK_EQ(xs_ring_used(0xfffffff0u, 0x10u), 0x20);           /* across the wrap */
	CHECK_EQ(xs_ring_used(0, XENSTORE_RING_SIZE), XENSTORE_RING_SIZE);
	CHECK_EQ(xs_ring_used(0, XENSTORE_RING_SIZE + 1), -1);      /* producer too far ahead */
	CHECK_EQ(xs_ring_used(10, 9), -1);                          /* consumer ahead */

	/* A write that wraps around the end of the ring and the index space. */
	uint32_t cons = 0xfffffffau, prod = 0xfffffffau;
	CHECK_EQ(xs_ring_put(ring, cons, prod, "0123456789", 10), 10);
	CHECK_EQ(memcmp(ring + XENSTORE_RING_SIZE - 6, "012345", 6), 0);
	CHECK_EQ(memcmp(ring, "6789", 4), 0);
	prod += 10;
	CHECK_EQ(xs_ring_get(ring, cons, prod, out, sizeof(out)), 10);
	CHECK_EQ(memcmp(out, "0123456789", 10), 0);
	CHECK_EQ(xs_ring_get(ring, cons, prod, out, 3), 3);         /* bounded by len */

	/* Full ring: only the free space is taken; bad indices take nothing. */
	char big[XENSTORE_RING_SIZE + 100];
	memset(big, 'x', sizeof(big));
	CHECK_EQ(xs_ring_put(ring, cons, prod, big, sizeof(big)), XENSTORE_RING_SIZE - 10);
	CHECK_EQ(xs_ring_put(ring, 0, XENSTORE_RING_SIZE + 5, big, 1), 0);
	CHECK_EQ(xs_ring_get(ring, 100, 0, out, 1), 0);
}

static void test_build(void)
{
	char buf[256];
	const char *w[] = { "device/vif/0/state", "4" };
	int n = xs_build(buf, sizeof(buf), XS_WRITE, 7, 3, w, 2, 0);
	struct xsd_sockmsg h;
	memcpy(&h, buf, sizeof(h));
	CHECK_EQ(n, (int)sizeof(h) + 19 + 1);
	CHECK_EQ(h.type, XS_WRITE);
	CHECK_EQ(h.req_id, 7);
	CHECK_EQ(h.tx_id, 3);
	CHECK_EQ(h.len, 20);
	CHECK_EQ(memcmp(buf + sizeof(h), "device/vif/0/state\0" "4", 20), 0);

	const char *r[] = { "name" };
	n = xs_build(buf, sizeof(buf), XS_READ, 1, 0, r, 1, 1);
	CHECK_EQ(n, (int)sizeof(h) + 5);
	CHECK_EQ(buf[n - 1], '\0');
	CHECK_EQ(xs_build(buf, sizeof(h) + 4, XS_READ, 1, 0, r, 1, 1), -E2BIG); /* no room */

	static char huge[XENSTORE_PAYLOAD_MAX + 2], hbuf[XENSTORE_PAYLOAD_MAX + 64];
	memset(huge, 'a', sizeof(huge) - 1);
	const char *hv[] = { huge };
	CHECK_EQ(xs_build(hbuf, sizeof(hbuf), XS_READ, 1, 0, hv, 1, 0), -E2BIG); /* over the protocol limit */
}

static void test_replies(void)
{
	struct xsd_sockmsg h = { .type = XS_READ, .req_id = 9, .len = 3 };
	CHECK_EQ(xs_check_reply(&h, "abc", XS_READ, 9), 0);
	CHECK_EQ(xs_check_reply(&h, "abc", XS_READ, 8), -EPROTO);    /* someone else's id */
	CHECK_EQ(xs_check_reply(&h, "abc", XS_WRITE, 9), -EPROTO);   /* wrong type */
	h.len = XENSTORE_PAYLOAD_MAX + 1;
	CHECK_EQ(xs_check_reply(&h, "abc", XS_READ, 9), -EPROTO);    /* too long */
	h.len = 3;
	h.type = 9999;
	CHECK_EQ(xs_check_header(&h), -EPROTO);                      /* unknown type */

	struct xsd_sockmsg e = { .type = XS_ERROR, .req_id = 9, .len = 7 };
	CHECK_EQ(xs_check_reply(&e, "ENOENT", XS_READ, 9), -ENOENT);
	e.len = 7;
	CHECK_EQ(xs_check_reply(&e, "EAGAIN", XS_TRANSACTION_END, 9), -EAGAIN);
	CHECK_EQ(xs_check_reply(&e, "EWHAT?", XS_READ, 9), -EIO);     /* unknown name */
	e.len = 6;
	CHECK_EQ(xs_check_reply(&e, "ENOENT", XS_READ, 9), -EPROTO);  /* not NUL-terminated */
	e.len = 0;
	CHECK_EQ(xs_check_reply(&e, "", XS_READ, 9), -EPROTO);
}

static void test_split(void)
{
	const char *s[4];
	CHECK_EQ(xs_split("a\0bc\0d", 7, s, 4), 3);
	CHECK_EQ(strcmp(s[1], "bc"), 0);
	CHECK_EQ(xs_split("a\0bc\0d", 6, s, 4), -EPROTO);             /* last string unterminated */
	CHECK_EQ(xs_split("", 0, s, 4), 0);
	CHECK_EQ(xs_split("a\0b\0c\0d\0e", 10, s, 2), 5);             /* counted beyond max */

	const char *path, *token;
	CHECK_EQ(xs_parse_watch_event("backend/x\0tok", 14, &path, &token), 0);
	CHECK_EQ(strcmp(path, "backend/x"), 0);
	CHECK_EQ(strcmp(token, "tok"), 0);
	CHECK_EQ(xs_parse_watch_event("only\0", 5, &path, &token), -EPROTO);
	CHECK_EQ(xs_parse_watch_event("a\0b\0c", 6, &path, &token), -EPROTO);
	CHECK_EQ(xs_parse_watch_event("a\0b", 3, &path, &token), -EPROTO);
}

int main(void)
{
	test_ring();
	test_build();
	test_replies();
	test_split();
	return check_done();
}

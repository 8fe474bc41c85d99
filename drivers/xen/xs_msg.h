/*
 * The xenstore wire protocol, pure logic (host-tested by
 * tests/unit/test_xs_msg.c): the shared ring's index arithmetic, building a
 * request, and validating everything that comes back before it is used.
 * xenstored is another domain's program: a reply with a bad length, type,
 * request id or layout is an error (-EPROTO), never trusted.
 */
#ifndef AMPHI_XEN_XS_MSG_H
#define AMPHI_XEN_XS_MSG_H

#include <stddef.h>
#include <stdint.h>

#include <xen/io/xs_wire.h>

/* ---- The ring: XENSTORE_RING_SIZE bytes, free-running 32-bit indices. ---- */

/* Bytes readable between cons and prod; -1 if the indices are impossible. */
int64_t xs_ring_used(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod);
/* Copy up to len bytes into the ring at prod (free: up to cons + size);
 * returns the count copied. */
size_t xs_ring_put(char *ring, XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod, const void *src,
		   size_t len);
/* Copy up to len readable bytes out of the ring at cons; returns the count. */
size_t xs_ring_get(const char *ring, XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod, void *dst,
		   size_t len);

/* ---- Messages. ---- */

/* A request: header + the strings in args, each NUL-terminated except the
 * last when last_nul is 0 (XS_WRITE's value). Returns the total length, or
 * -E2BIG when it would not fit in cap or exceed XENSTORE_PAYLOAD_MAX. */
int xs_build(void *buf, size_t cap, uint32_t type, uint32_t req_id, uint32_t tx_id,
	     const char *const *args, unsigned nargs, int last_nul);

/* Is this header acceptable? 0, or -EPROTO (payload too long, unknown type). */
int xs_check_header(const struct xsd_sockmsg *h);

/* Check a reply to request (type, req_id): 0 when it is one, -EPROTO when it
 * is malformed or answers something else, or the errno of an XS_ERROR reply
 * (-ENOENT, -EAGAIN...; unknown names give -EIO). */
int xs_check_reply(const struct xsd_sockmsg *h, const char *body, uint32_t type, uint32_t req_id);

/* Split a body of NUL-terminated strings (XS_DIRECTORY, XS_WATCH_EVENT):
 * stores up to max pointers, returns how many strings there are, or -EPROTO
 * when the body does not end with a NUL. An empty body has none. */
int xs_split(const char *body, uint32_t len, const char **out, unsigned max);

/* A watch event: exactly "path\0token\0". 0 or -EPROTO. */
int xs_parse_watch_event(const char *body, uint32_t len, const char **path, const char **token);

/* The errno of an XS_ERROR body ("ENOENT\0"); -EIO if unknown. */
int xs_error_errno(const char *body, uint32_t len);

#endif

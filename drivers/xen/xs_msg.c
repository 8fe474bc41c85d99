/* The xenstore wire protocol (xs_msg.h). */
#include <errno.h>
#include <string.h>

/* xs_wire.h's error table needs the errno names defined first. */
#include "xs_msg.h"

int64_t xs_ring_used(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod)
{
	XENSTORE_RING_IDX used = prod - cons; /* unsigned: wraps correctly */
	return used > XENSTORE_RING_SIZE ? -1 : (int64_t)used;
}

size_t xs_ring_put(char *ring, XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod, const void *src,
		   size_t len)
{
	int64_t used = xs_ring_used(cons, prod);
	if (used < 0)
		return 0;
	size_t n = XENSTORE_RING_SIZE - (size_t)used, done = 0;
	if (len < n)
		n = len;
	while (done < n) {
		size_t at = MASK_XENSTORE_IDX(prod + done), chunk = XENSTORE_RING_SIZE - at;
		if (chunk > n - done)
			chunk = n - done;
		memcpy(ring + at, (const char *)src + done, chunk);
		done += chunk;
	}
	return done;
}

size_t xs_ring_get(const char *ring, XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod, void *dst,
		   size_t len)
{
	int64_t used = xs_ring_used(cons, prod);
	if (used < 0)
		return 0;
	size_t n = (size_t)used < len ? (size_t)used : len, done = 0;
	while (done < n) {
		size_t at = MASK_XENSTORE_IDX(cons + done), chunk = XENSTORE_RING_SIZE - at;
		if (chunk > n - done)
			chunk = n - done;
		memcpy((char *)dst + done, ring + at, chunk);
		done += chunk;
	}
	return done;
}

int xs_build(void *buf, size_t cap, uint32_t type, uint32_t req_id, uint32_t tx_id,
	     const char *const *args, unsigned nargs, int last_nul)
{
	size_t len = 0;
	for (unsigned i = 0; i < nargs; i++)
		len += strlen(args[i]) + (i + 1 < nargs || last_nul);
	if (len > XENSTORE_PAYLOAD_MAX || sizeof(struct xsd_sockmsg) + len > cap)
		return -E2BIG;
	struct xsd_sockmsg h = { .type = type, .req_id = req_id, .tx_id = tx_id, .len = (uint32_t)len };
	memcpy(buf, &h, sizeof(h));
	char *p = (char *)buf + sizeof(h);
	for (unsigned i = 0; i < nargs; i++) {
		size_t n = strlen(args[i]) + (i + 1 < nargs || last_nul);
		memcpy(p, args[i], n); /* with the NUL when n counts it */
		p += n;
	}
	return (int)(sizeof(h) + len);
}

int xs_check_header(const struct xsd_sockmsg *h)
{
	if (h->len > XENSTORE_PAYLOAD_MAX || h->type >= XS_TYPE_COUNT)
		return -EPROTO;
	return 0;
}

int xs_error_errno(const char *body, uint32_t len)
{
	/* The body is the error's name, NUL-terminated. */
	if (len == 0 || body[len - 1] != '\0')
		return -EPROTO;
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (!strcmp(body, xsd_errors[i].errstring))
			return xsd_errors[i].errnum ? -xsd_errors[i].errnum : -EIO;
	return -EIO;
}

int xs_check_reply(const struct xsd_sockmsg *h, const char *body, uint32_t type, uint32_t req_id)
{
	if (xs_check_header(h) < 0 || h->req_id != req_id)
		return -EPROTO;
	if (h->type == XS_ERROR)
		return xs_error_errno(body, h->len);
	return h->type == type ? 0 : -EPROTO;
}

int xs_split(const char *body, uint32_t len, const char **out, unsigned max)
{
	if (len == 0)
		return 0;
	if (body[len - 1] != '\0')
		return -EPROTO;
	int n = 0;
	for (uint32_t at = 0; at < len; at += (uint32_t)strlen(body + at) + 1) {
		if ((unsigned)n < max)
			out[n] = body + at;
		n++;
	}
	return n;
}

int xs_parse_watch_event(const char *body, uint32_t len, const char **path, const char **token)
{
	const char *s[2];
	if (xs_split(body, len, s, 2) != 2)
		return -EPROTO;
	*path = s[0];
	*token = s[1];
	return 0;
}

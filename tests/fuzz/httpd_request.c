/* FUZZ_SOURCES: apps/httpd/pages.c */
/* apps/httpd's request parser, as the server runs it: bytes arrive in pieces
 * (a read each), and process() parses every complete request buffered while
 * no response is pending; the harness then "sends" the response. Input: a
 * list of pieces, each a length byte and that many bytes. Properties: the
 * input buffer never overflows, a response header fits its buffer and is a
 * well-formed status line, a body is a whole page of pages.c, loaded from
 * apps/httpd/www as the server loads its document root (the harness runs
 * from the top of the tree). */
#include "fuzz.h"

#define main httpd_main
#include "apps/httpd/httpd.c"
#undef main

static void check_response(const struct conn *c)
{
	FUZZ_ASSERT(c->hdrlen <= sizeof(c->hdr) && c->hdroff <= c->hdrlen);
	FUZZ_ASSERT(c->hdrlen >= 17 && !memcmp(c->hdr, "HTTP/1.1 ", 9));
	if (c->body) {
		int found = 0;
		for (const struct page *pg = pages; pg->path; pg++)
			found |= c->body == pg->data && c->bodylen == (size_t)(pg->end - pg->data);
		FUZZ_ASSERT(found);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (pages_load("apps/httpd/www") < 1)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct conn *c = calloc(1, sizeof(*c));
	c->fd = -1;
	while (in.n && !c->close_after) {
		size_t want = fuzz_u8(&in) + 1, got;
		if (want > IN_MAX - c->inlen)
			want = IN_MAX - c->inlen;
		const uint8_t *p = fuzz_bytes(&in, want, &got);
		memcpy(c->in + c->inlen, p, got);
		c->inlen += got;
		FUZZ_ASSERT(c->inlen <= IN_MAX);
		for (;;) {
			process(c);
			if (!pending(c))
				break;
			check_response(c);
			c->hdroff = c->hdrlen; /* the response is sent */
			c->bodyoff = c->bodylen;
		}
	}
	free(c);
	return 0;
}

/* httpd: a static HTTP/1.1 server for the files under a document root
 * (pages.c reads them at start). One thread, poll(), keep-alive and
 * pipelining, GET and HEAD.
 *
 *   httpd [PORT [ROOT]]   (80 and /www)  prints "httpd: N files from ROOT"
 *                                        and "httpd: listening on port N"
 *
 * 200 with Content-Length and Content-Type; 404 for an unknown path; 400 for
 * a malformed request (bad request line or header line, headers larger than
 * IN_MAX, a bad Content-Length); 501 for other methods and request bodies
 * sent chunked; 505 for HTTP other than 1.0/1.1. Errors other than 404 close
 * the connection. HTTP/1.1 keeps the connection unless "Connection: close";
 * HTTP/1.0 only with "Connection: keep-alive". Idle connections close after
 * IDLE_SECONDS; a request must arrive whole within REQUEST_SECONDS of its
 * first byte (408 otherwise), so a client sending a byte every few seconds
 * cannot hold a connection. When no socket or slot is left (a connection
 * flood), the connection idle the longest is closed to make room.
 *
 * Portable POSIX; built for Amphi (apps/httpd) and on a Linux host for the
 * tests. */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#if defined(__has_include)
#if __has_include(<netinet/tcp.h>)
#include <netinet/tcp.h>
#endif
#endif

#include "pages.h"

/* Below the sockets the system has (Amphi: 250), so that under a flood the
 * idlest connection is closed before accept() runs out of sockets: one that
 * does loses the connection it was accepting. */
#define MAX_CONNS 200
#define IN_MAX 8192 /* request line + headers */
#define STAGE 16384 /* response header + the start of the body, one write */
#define IDLE_SECONDS 30
#define REQUEST_SECONDS 10 /* from a request's first byte to its last */
#define LINGER_SECONDS 2 /* how long a closing connection may drain input */

struct conn {
	int fd;
	size_t inlen;
	char hdr[512];
	size_t hdrlen, hdroff;
	const unsigned char *body;
	size_t bodylen, bodyoff;
	int close_after; /* close once the response is out */
	int peer_eof;
	int lingering; /* response out, our side shut: discarding input until EOF */
	time_t last;
	unsigned long stamp; /* order of the last activity: which is idlest */
	time_t req_start; /* when the first byte of the request in in[] came */
	char in[IN_MAX];
};

static struct conn *conns[MAX_CONNS];
static int nconns;
static unsigned long activity; /* counts activity on any connection */
static unsigned char stage[STAGE];

static time_t now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Activity on c: restarts its idle timer, makes it the least idle. */
static void touch(struct conn *c)
{
	c->last = now();
	c->stamp = ++activity;
}

static void set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL, 0);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static int would_block(void)
{
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

static int pending(const struct conn *c)
{
	return c->hdroff < c->hdrlen || c->bodyoff < c->bodylen;
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 408: return "Request Timeout";
	case 501: return "Not Implemented";
	case 505: return "HTTP Version Not Supported";
	}
	return "Error";
}

static void respond(struct conn *c, int status, const char *type, const unsigned char *body,
		    size_t len, int head_only)
{
	static unsigned char errbody[256];
	if (status != 200) {
		int n = snprintf((char *)errbody, sizeof errbody,
				 "<html><head><title>%d %s</title></head><body><h1>%d %s</h1></body></html>\n",
				 status, reason(status), status, reason(status));
		body = errbody;
		len = (size_t)n;
		type = "text/html; charset=utf-8";
	}
	int n = snprintf(c->hdr, sizeof c->hdr,
			 "HTTP/1.1 %d %s\r\nServer: amphi-httpd\r\nContent-Type: %s\r\n"
			 "Content-Length: %zu\r\nConnection: %s\r\n\r\n",
			 status, reason(status), type, len, c->close_after ? "close" : "keep-alive");
	c->hdrlen = (size_t)n;
	c->hdroff = 0;
	c->body = head_only ? NULL : body;
	c->bodylen = head_only ? 0 : len;
	c->bodyoff = 0;
	/* errbody is shared: copy an error body into the header buffer. */
	if (status != 200 && !head_only && c->hdrlen + len <= sizeof c->hdr) {
		memcpy(c->hdr + c->hdrlen, body, len);
		c->hdrlen += len;
		c->body = NULL;
		c->bodylen = 0;
	}
}

/* Does a comma-separated header value contain TOKEN (case-insensitive)? */
static int has_token(const char *v, const char *e, const char *token)
{
	size_t tl = strlen(token);
	while (v < e) {
		while (v < e && (*v == ' ' || *v == '\t' || *v == ','))
			v++;
		const char *s = v;
		while (v < e && *v != ',')
			v++;
		const char *t = v;
		while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
			t--;
		if ((size_t)(t - s) == tl && strncasecmp(s, token, tl) == 0)
			return 1;
	}
	return 0;
}

static int is_tchar(int ch)
{
	return ch > 32 && ch < 127 && !strchr("\"(),/:;<=>?@[\\]{}", ch);
}

/* Find the end of the header block: returns its length (including the empty
 * line) or 0 when not all there yet. Bare LF line ends are accepted. */
static size_t header_end(const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (b[i] != '\n')
			continue;
		if (i + 1 < n && b[i + 1] == '\n')
			return i + 2;
		if (i + 2 < n && b[i + 1] == '\r' && b[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* Parse one request at the start of c->in; set up the response. Returns the
 * bytes it used, 0 when the request is incomplete. */
static size_t parse(struct conn *c)
{
	size_t end = header_end(c->in, c->inlen);
	if (end == 0) {
		if (c->inlen == IN_MAX || memchr(c->in, '\0', c->inlen)) {
			c->close_after = 1;
			respond(c, 400, NULL, NULL, 0, 0);
			return c->inlen;
		}
		return 0;
	}
	const char *p = c->in, *e = c->in + end;
	const char *line_end = memchr(p, '\n', (size_t)(e - p));
	const char *le = line_end > p && line_end[-1] == '\r' ? line_end - 1 : line_end;
	c->close_after = 1; /* until the request proves otherwise */

	/* METHOD SP TARGET SP HTTP/x.y */
	const char *m = p;
	while (p < le && is_tchar((unsigned char)*p))
		p++;
	size_t mlen = (size_t)(p - m);
	if (mlen == 0 || p >= le || *p != ' ')
		goto bad;
	const char *t = ++p;
	while (p < le && *p > 32 && *p < 127)
		p++;
	size_t tlen = (size_t)(p - t);
	if (tlen == 0 || p >= le || *p != ' ' || t[0] != '/')
		goto bad;
	const char *v = ++p;
	if (le - v != 8 || memcmp(v, "HTTP/", 5) != 0 || !isdigit((unsigned char)v[5]) ||
	    v[6] != '.' || !isdigit((unsigned char)v[7]))
		goto bad;
	int minor = v[7] - '0';
	if (v[5] != '1') {
		respond(c, 505, NULL, NULL, 0, 0);
		return end;
	}
	int keep = minor >= 1;
	int has_body = 0, chunked = 0;

	/* Header lines: NAME ":" VALUE */
	for (p = line_end + 1; p < e;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *l_end = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
		if (l_end == p)
			break; /* the empty line */
		const char *name = p;
		while (p < l_end && is_tchar((unsigned char)*p))
			p++;
		if (p == name || p >= l_end || *p != ':')
			goto bad;
		size_t nlen = (size_t)(p - name);
		const char *val = p + 1;
		if (nlen == 10 && strncasecmp(name, "connection", 10) == 0) {
			if (has_token(val, l_end, "close"))
				keep = 0;
			else if (has_token(val, l_end, "keep-alive"))
				keep = 1;
		} else if (nlen == 14 && strncasecmp(name, "content-length", 14) == 0) {
			const char *q = val;
			while (q < l_end && (*q == ' ' || *q == '\t'))
				q++;
			if (q == l_end)
				goto bad;
			for (; q < l_end && *q != ' ' && *q != '\t'; q++) {
				if (!isdigit((unsigned char)*q))
					goto bad;
				if (*q != '0')
					has_body = 1;
			}
		} else if (nlen == 17 && strncasecmp(name, "transfer-encoding", 17) == 0) {
			chunked = 1;
		}
		p = nl + 1;
	}

	int head = mlen == 4 && memcmp(m, "HEAD", 4) == 0;
	int get = mlen == 3 && memcmp(m, "GET", 3) == 0;
	if ((!get && !head) || chunked || has_body) {
		/* Not served; a body may follow, which we do not parse: close. */
		respond(c, 501, NULL, NULL, 0, head);
		return end;
	}
	c->close_after = !keep;

	/* The path without query or fragment; "/" is the index. */
	size_t plen = 0;
	while (plen < tlen && t[plen] != '?' && t[plen] != '#')
		plen++;
	if (plen == 1) {
		t = "/index.html";
		plen = 11;
	}
	for (const struct page *pg = pages; pg->path; pg++) {
		if (strlen(pg->path) == plen && memcmp(pg->path, t, plen) == 0) {
			respond(c, 200, pg->type, pg->data, (size_t)(pg->end - pg->data), head);
			return end;
		}
	}
	respond(c, 404, NULL, NULL, 0, head);
	return end;
bad:
	c->close_after = 1;
	respond(c, 400, NULL, NULL, 0, 0);
	return end;
}

/* Parse buffered requests while no response is pending. */
static void process(struct conn *c)
{
	while (!pending(c) && !c->close_after && c->inlen > 0) {
		size_t used = parse(c);
		if (used == 0)
			return;
		memmove(c->in, c->in + used, c->inlen - used);
		c->inlen -= used;
		c->req_start = now(); /* a pipelined request's clock starts now */
	}
}

/* Write what the socket takes. Returns -1 on a write error. */
static int flush(struct conn *c)
{
	while (pending(c)) {
		const void *src;
		size_t n;
		if (c->hdroff < c->hdrlen) {
			/* Header and the start of the body in one segment. */
			size_t h = c->hdrlen - c->hdroff;
			size_t b = c->bodylen - c->bodyoff;
			if (b > STAGE - h)
				b = STAGE - h;
			memcpy(stage, c->hdr + c->hdroff, h);
			if (b)
				memcpy(stage + h, c->body + c->bodyoff, b);
			src = stage;
			n = h + b;
		} else {
			src = c->body + c->bodyoff;
			n = c->bodylen - c->bodyoff;
		}
		ssize_t w = write(c->fd, src, n);
		if (w < 0)
			return would_block() ? 0 : -1;
		size_t done = (size_t)w;
		size_t h = c->hdrlen - c->hdroff;
		if (done >= h) {
			c->hdroff = c->hdrlen;
			c->bodyoff += done - h;
		} else {
			c->hdroff += done;
		}
		touch(c);
		if (!pending(c)) {
			if (c->close_after)
				return 0;
			process(c); /* a pipelined request may be waiting */
		}
	}
	return 0;
}

static void drop(int i)
{
	close(conns[i]->fd);
	free(conns[i]);
	conns[i] = conns[--nconns];
}

/* Returns 0 when the connection is finished. */
static int service(struct conn *c, short revents)
{
	if (c->lingering) {
		/* Closing with unread input makes TCP send a reset, which may
		 * destroy the response before the client reads it: shut our side,
		 * read and discard until the client closes (or LINGER_SECONDS). */
		static char sink[4096];
		ssize_t r = read(c->fd, sink, sizeof sink);
		return r > 0 || (r < 0 && would_block());
	}
	if ((revents & (POLLIN | POLLHUP | POLLERR)) && !pending(c) && !c->peer_eof) {
		ssize_t r = read(c->fd, c->in + c->inlen, IN_MAX - c->inlen);
		if (r > 0) {
			if (c->inlen == 0)
				c->req_start = now();
			c->inlen += (size_t)r;
			touch(c);
			process(c);
		} else if (r == 0) {
			c->peer_eof = 1;
		} else if (!would_block()) {
			return 0;
		}
	}
	if (flush(c) < 0)
		return 0;
	if (!pending(c) && c->peer_eof)
		return 0;
	if (!pending(c) && c->close_after) {
		shutdown(c->fd, SHUT_WR);
		c->lingering = 1;
		touch(c);
	}
	return 1;
}

/* Make room for a new connection: close the one idle the longest (no
 * response going out). Returns 0 when every connection is busy. */
static int evict_idle(void)
{
	int victim = -1;
	for (int i = 0; i < nconns; i++)
		if (!pending(conns[i]) && (victim < 0 || conns[i]->stamp < conns[victim]->stamp))
			victim = i;
	if (victim < 0)
		return 0;
	drop(victim);
	return 1;
}

static void accept_all(int lfd)
{
	static int told;
	for (;;) {
		if (nconns == MAX_CONNS && !evict_idle())
			return;
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == ENFILE || errno == EMFILE) {
				/* Out of sockets: a flood holds them. The connection
				 * asking is lost (lwIP resets it); the next one gets
				 * the idlest one's place. */
				if (!told++)
					fprintf(stderr, "httpd: out of sockets at %d connections: "
						"closing the idlest ones for new ones\n", nconns);
				if (evict_idle())
					continue;
			} else if (!would_block() && errno != ECONNABORTED) {
				perror("httpd: accept");
			}
			return;
		}
		struct conn *c = malloc(sizeof *c);
		if (!c) {
			close(fd);
			return;
		}
		set_nonblock(fd);
#ifdef TCP_NODELAY
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#endif
		memset(c, 0, offsetof(struct conn, in));
		c->fd = fd;
		touch(c);
		conns[nconns++] = c;
	}
}

/* A request still incomplete REQUEST_SECONDS after its first byte: 408. */
static void request_timeout(struct conn *c)
{
	c->inlen = 0;
	c->close_after = 1;
	respond(c, 408, NULL, NULL, 0, 0);
	flush(c);
}

int main(int argc, char **argv)
{
	int port = 80;
	const char *root = argc > 2 ? argv[2] : "/www";
	if (argc > 1) {
		char *end;
		long p = strtol(argv[1], &end, 10);
		if (*end || p < 1 || p > 65535 || argc > 3) {
			fprintf(stderr, "usage: httpd [PORT [ROOT]]\n");
			return 2;
		}
		port = (int)p;
	}
	int files = pages_load(root);
	if (files < 0) {
		fprintf(stderr, "httpd: cannot read the pages under %s: %s\n", root, strerror(errno));
		return 1;
	}
	printf("httpd: %d files from %s\n", files, root);
#ifdef SIGPIPE
	signal(SIGPIPE, SIG_IGN);
#endif
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0) {
		perror("httpd: socket");
		return 1;
	}
	int one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 128) < 0) {
		perror("httpd: bind/listen");
		return 1;
	}
	set_nonblock(lfd);
	printf("httpd: listening on port %d\n", port);
	fflush(stdout);

	static struct pollfd pfd[MAX_CONNS + 1];
	time_t last_sweep = now();
	for (;;) {
		/* Listen unless every slot holds a connection sending a response. */
		int room = nconns < MAX_CONNS;
		for (int i = 0; i < nconns && !room; i++)
			room = !pending(conns[i]);
		pfd[0].fd = room ? lfd : -1;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		for (int i = 0; i < nconns; i++) {
			pfd[i + 1].fd = conns[i]->fd;
			pfd[i + 1].events = pending(conns[i]) && !conns[i]->lingering ? POLLOUT : POLLIN;
			pfd[i + 1].revents = 0;
		}
		int n = nconns;
		if (poll(pfd, (nfds_t)(n + 1), 1000) < 0) {
			if (errno == EINTR)
				continue;
			perror("httpd: poll");
			return 1;
		}
		time_t t = now();
		for (int i = n - 1; i >= 0; i--) {
			struct conn *c = conns[i];
			if (pfd[i + 1].revents) {
				if (!service(c, pfd[i + 1].revents))
					drop(i);
			} else if (c->inlen && !pending(c) && !c->lingering &&
				   t - c->req_start >= REQUEST_SECONDS) {
				request_timeout(c);
			} else if (t != last_sweep &&
				   t - conns[i]->last > (conns[i]->lingering ? LINGER_SECONDS : IDLE_SECONDS)) {
				drop(i);
			}
		}
		last_sweep = t;
		if (pfd[0].fd >= 0 && (pfd[0].revents & POLLIN))
			accept_all(lfd);
	}
}

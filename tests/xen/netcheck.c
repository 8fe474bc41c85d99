/* netcheck: network test client for the Xen test dom0 (busybox has no UDP
 * client and its nc cannot check what comes back). Built static on the host
 * by tests/xen/run and put at /amphi/bin/netcheck; the client scripts of
 * tests/xen/clients run it against a guest on bridge xenbr0.
 *
 *   netcheck wait IP PORT SECONDS        until a TCP connect succeeds
 *   netcheck tcp-echo IP PORT BYTES CONNS  CONNS connections one after another,
 *                                        each sends BYTES pseudo-random bytes while
 *                                        reading the echo; every byte compared
 *   netcheck udp-echo IP PORT COUNT      COUNT datagrams of 4..1472 bytes, 8 in
 *                                        flight; each echo compared, resent after
 *                                        1 s up to 5 times, then counted lost
 *                                        (gives up after 10 s without an echo)
 *   netcheck http IP PORT PATH FILE COUNT  COUNT GETs of PATH, each with a new
 *                                        connection; status 200 and the body
 *                                        identical to FILE
 * Prints one summary line; exits 0 when everything checked out, 1 otherwise.
 * Every wait is bounded (5 s of silence fails the test).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IDLE_MS 5000 /* no progress for this long: fail */
#define UDP_MAX 1472	/* the largest datagram in one Ethernet frame */
#define UDP_WINDOW 8	/* datagrams in flight: a round trip nested in TCG takes 5-30 ms */

static __attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("netcheck: FAIL ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	exit(1);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct sockaddr_in addr_of(const char *ip, const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(port)) };
	if (inet_pton(AF_INET, ip, &a.sin_addr) != 1)
		die("bad IPv4 address '%s'", ip);
	return a;
}

/* A connected TCP socket, or -1 (errno set); the connect is bounded. */
static int tcp_connect(struct sockaddr_in *a)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)a, sizeof *a) < 0 && errno != EINPROGRESS)
		goto fail;
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	if (poll(&p, 1, IDLE_MS) != 1) {
		errno = ETIMEDOUT;
		goto fail;
	}
	int err = 0;
	socklen_t len = sizeof err;
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err) {
		errno = err;
		goto fail;
	}
	return fd;
fail:;
	int e = errno;
	close(fd);
	errno = e;
	return -1;
}

/* xorshift: the same bytes on every run, different in every position */
static unsigned char pattern(unsigned long i, unsigned seed)
{
	unsigned long x = i * 2654435761u + seed * 40503u + 1;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (unsigned char)x;
}

static int cmd_wait(struct sockaddr_in *a, int seconds)
{
	long deadline = now_ms() + seconds * 1000L;
	int last = 0;
	while (now_ms() < deadline) {
		int fd = tcp_connect(a);
		if (fd >= 0) {
			close(fd);
			printf("netcheck: wait: port open\n");
			return 0;
		}
		last = errno;
		usleep(200000);
	}
	die("wait: no TCP connection within %d s (%s)", seconds, strerror(last));
}

static int cmd_tcp_echo(struct sockaddr_in *a, long bytes, int conns)
{
	long t0 = now_ms();
	for (int c = 0; c < conns; c++) {
		int fd = tcp_connect(a);
		if (fd < 0)
			die("tcp-echo: connection %d: connect: %s", c, strerror(errno));
		long sent = 0, got = 0, idle_since = now_ms();
		unsigned char buf[16384];
		while (got < bytes) {
			struct pollfd p = { .fd = fd, .events = POLLIN | (sent < bytes ? POLLOUT : 0) };
			if (poll(&p, 1, 100) < 0)
				die("tcp-echo: poll: %s", strerror(errno));
			if (p.revents & POLLOUT) {
				long n = bytes - sent < (long)sizeof buf ? bytes - sent : (long)sizeof buf;
				for (long i = 0; i < n; i++)
					buf[i] = pattern(sent + i, c);
				ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);
				if (w < 0 && errno != EAGAIN)
					die("tcp-echo: connection %d: send: %s", c, strerror(errno));
				if (w > 0) {
					sent += w;
					idle_since = now_ms();
				}
				if (sent == bytes)
					shutdown(fd, SHUT_WR);
			}
			if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
				ssize_t r = recv(fd, buf, sizeof buf, 0);
				if (r < 0 && errno != EAGAIN)
					die("tcp-echo: connection %d: recv after %ld bytes: %s", c, got, strerror(errno));
				if (r == 0)
					die("tcp-echo: connection %d closed after %ld of %ld bytes", c, got, bytes);
				for (ssize_t i = 0; i < r; i++)
					if (buf[i] != pattern(got + i, c))
						die("tcp-echo: connection %d: byte %ld differs", c, got + i);
				if (r > 0) {
					got += r;
					idle_since = now_ms();
				}
			}
			if (now_ms() - idle_since > IDLE_MS)
				die("tcp-echo: connection %d: stalled at %ld sent, %ld echoed of %ld", c, sent, got,
				    bytes);
		}
		close(fd);
	}
	long ms = now_ms() - t0;
	printf("netcheck: tcp-echo: %d x %ld bytes echoed identically in %ld ms\n", conns, bytes, ms);
	return 0;
}

/* Datagram k: 4..1472 bytes, its sequence number first (to tell echoes
 * apart), then the pattern. */
static size_t udp_datagram(int k, unsigned char *out)
{
	size_t len = 4 + (k * 337u) % (UDP_MAX - 3);
	for (size_t i = 0; i < len; i++)
		out[i] = pattern(i, k);
	memcpy(out, &k, 4);
	return len;
}

static int cmd_udp_echo(struct sockaddr_in *a, int count)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)a, sizeof *a) < 0)
		die("udp-echo: socket: %s", strerror(errno));
	struct { int k, tries; long deadline; } w[UDP_WINDOW];
	int inflight = 0, next = 0, done = 0, lost = 0, resent = 0;
	unsigned char out[UDP_MAX], in[2048];
	long t0 = now_ms(), last_echo = t0;
	while (done < count) {
		while (inflight < UDP_WINDOW && next < count)
			w[inflight++] = (typeof(w[0])){ next++, 0, 0 };
		long now = now_ms(), wake = now + 1000;
		for (int j = 0; j < inflight; j++) {
			if (w[j].deadline > now) {
				wake = w[j].deadline < wake ? w[j].deadline : wake;
				continue;
			}
			if (w[j].tries == 6) { /* no echo in 6 s */
				lost++;
				done++;
				w[j--] = w[--inflight];
				continue;
			}
			resent += w[j].tries++ > 0;
			send(fd, out, udp_datagram(w[j].k, out), 0);
			w[j].deadline = now + 1000;
		}
		if (now - last_echo > 2 * IDLE_MS)
			die("udp-echo: no echo for %d ms, after %d of %d", 2 * IDLE_MS, done - lost, count);
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, wake > now ? (int)(wake - now) : 0) != 1)
			continue;
		ssize_t r = recv(fd, in, sizeof in, 0);
		if (r < 4)
			continue; /* e.g. ECONNREFUSED from an ICMP: resent later */
		int k, j = 0;
		memcpy(&k, in, 4);
		while (j < inflight && w[j].k != k)
			j++;
		if (j == inflight)
			continue; /* a late second echo of a resent datagram */
		size_t len = udp_datagram(k, out);
		if ((size_t)r != len || memcmp(in, out, len) != 0)
			die("udp-echo: datagram %d (%zu bytes): echo of %zd bytes differs", k, len, r);
		done++;
		last_echo = now_ms();
		w[j] = w[--inflight];
	}
	printf("netcheck: udp-echo: %d datagrams (%d in flight), %d lost, %d resent, %ld ms\n", count,
	       UDP_WINDOW, lost, resent, now_ms() - t0);
	return lost ? 1 : 0;
}

static int cmd_http(struct sockaddr_in *a, const char *path, const char *file, int count)
{
	FILE *f = fopen(file, "rb");
	if (!f)
		die("http: cannot open %s", file);
	struct stat st;
	fstat(fileno(f), &st);
	char *want = malloc(st.st_size + 1);
	if (!want || fread(want, 1, st.st_size, f) != (size_t)st.st_size)
		die("http: cannot read %s", file);
	fclose(f);
	size_t cap = st.st_size + 65536;
	char *resp = malloc(cap);
	long t0 = now_ms();
	for (int k = 0; k < count; k++) {
		int fd = tcp_connect(a);
		if (fd < 0)
			die("http: request %d: connect: %s", k, strerror(errno));
		char req[512];
		int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: guest\r\nConnection: close\r\n\r\n",
				 path);
		if (send(fd, req, n, MSG_NOSIGNAL) != n)
			die("http: request %d: send: %s", k, strerror(errno));
		size_t got = 0;
		for (;;) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			if (poll(&p, 1, IDLE_MS) != 1)
				die("http: request %d: no reply for %d ms after %zu bytes", k, IDLE_MS, got);
			ssize_t r = recv(fd, resp + got, cap - got, 0);
			if (r < 0 && errno != EAGAIN)
				die("http: request %d: recv: %s", k, strerror(errno));
			if (r == 0 || got == cap)
				break;
			if (r > 0)
				got += r;
		}
		close(fd);
		char *body = memmem(resp, got, "\r\n\r\n", 4);
		if (got < 12 || memcmp(resp, "HTTP/1.1 200", 12) != 0 || !body)
			die("http: request %d: not a 200 reply: '%.40s'", k, got ? resp : "");
		body += 4;
		size_t blen = got - (body - resp);
		if (blen != (size_t)st.st_size || memcmp(body, want, blen) != 0)
			die("http: request %d: body of %zu bytes differs from %s (%ld bytes)", k, blen, file,
			    (long)st.st_size);
	}
	printf("netcheck: http: %d x GET %s: %ld bytes identical, %ld ms\n", count, path, (long)st.st_size,
	       now_ms() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 5 && !strcmp(argv[1], "wait")) {
		struct sockaddr_in a = addr_of(argv[2], argv[3]);
		return cmd_wait(&a, atoi(argv[4]));
	}
	if (argc >= 6 && !strcmp(argv[1], "tcp-echo")) {
		struct sockaddr_in a = addr_of(argv[2], argv[3]);
		return cmd_tcp_echo(&a, atol(argv[4]), atoi(argv[5]));
	}
	if (argc >= 5 && !strcmp(argv[1], "udp-echo")) {
		struct sockaddr_in a = addr_of(argv[2], argv[3]);
		return cmd_udp_echo(&a, atoi(argv[4]));
	}
	if (argc >= 7 && !strcmp(argv[1], "http")) {
		struct sockaddr_in a = addr_of(argv[2], argv[3]);
		return cmd_http(&a, argv[4], argv[5], atoi(argv[6]));
	}
	fprintf(stderr, "usage: netcheck wait|tcp-echo|udp-echo|http IP PORT ... (see netcheck.c)\n");
	return 2;
}

/* echo: a TCP and UDP echo server (RFC 862) on one port, both protocols at
 * once. One thread, poll(): every TCP connection has a buffer of bytes read
 * and not yet written back; it is read only while that buffer has room, so a
 * client that does not read its echoes is slowed down, not buffered forever.
 *
 *   echo [PORT]      (default 7)  prints "echo: listening on port N"
 *
 * Portable POSIX; built for Amphi (apps/echo) and on a Linux host for the tests.
 */

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CONNS 256
#define BUF_SIZE 16384
#define UDP_MAX 65536

struct conn {
	int fd;
	size_t head, len; /* pending bytes: buf[head .. head+len) */
	int eof;          /* the peer shut down its sending side */
	unsigned char buf[BUF_SIZE];
};

static struct conn *conns[MAX_CONNS];
static int nconns;
static int verbose = 1; /* report connections that end in an error */

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

static void drop(int i)
{
	close(conns[i]->fd);
	free(conns[i]);
	conns[i] = conns[--nconns];
}

static int open_socket(int type, int port)
{
	int fd = socket(AF_INET, type, 0);
	if (fd < 0) {
		perror("echo: socket");
		exit(1);
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		perror("echo: bind");
		exit(1);
	}
	if (type == SOCK_STREAM && listen(fd, 64) < 0) {
		perror("echo: listen");
		exit(1);
	}
	set_nonblock(fd);
	return fd;
}

/* Echo what a datagram socket has queued, one datagram at a time. */
static void udp_echo(int fd, unsigned char *buf)
{
	for (int n = 0; n < 64; n++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof from;
		ssize_t r = recvfrom(fd, buf, UDP_MAX, 0, (struct sockaddr *)&from, &fl);
		if (r < 0)
			return;
		/* A reply that cannot be queued is lost, as UDP allows. */
		sendto(fd, buf, (size_t)r, 0, (struct sockaddr *)&from, fl);
	}
}

static void tcp_accept(int lfd)
{
	while (nconns < MAX_CONNS) {
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (!would_block() && errno != ECONNABORTED)
				perror("echo: accept");
			return;
		}
		struct conn *c = malloc(sizeof *c);
		if (!c) {
			close(fd);
			return;
		}
		set_nonblock(fd);
		c->fd = fd;
		c->head = c->len = 0;
		c->eof = 0;
		conns[nconns++] = c;
	}
}

/* A connection that ends in an error rather than an orderly close. */
static int report(struct conn *c, const char *what)
{
	if (verbose)
		fprintf(stderr, "echo: fd %d: %s: %s\n", c->fd, what, strerror(errno));
	return 0;
}

/* Returns 0 when the connection is finished. */
static int tcp_service(struct conn *c, short revents)
{
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		if (c->len < BUF_SIZE && !c->eof) {
			if (c->head > 0 && c->head + c->len == BUF_SIZE) {
				memmove(c->buf, c->buf + c->head, c->len);
				c->head = 0;
			}
			size_t room = BUF_SIZE - c->head - c->len;
			ssize_t r = read(c->fd, c->buf + c->head + c->len, room);
			if (r > 0)
				c->len += (size_t)r;
			else if (r == 0)
				c->eof = 1;
			else if (!would_block())
				return report(c, "read");
		} else if (revents & POLLERR) {
			return report(c, "poll error");
		}
	}
	if (c->len > 0) {
		ssize_t w = write(c->fd, c->buf + c->head, c->len);
		if (w > 0) {
			c->head += (size_t)w;
			c->len -= (size_t)w;
			if (c->len == 0)
				c->head = 0;
		} else if (w < 0 && !would_block()) {
			return report(c, "write");
		}
	}
	return !(c->eof && c->len == 0);
}

int main(int argc, char **argv)
{
	int port = 7;
	if (argc > 1) {
		char *end;
		long p = strtol(argv[1], &end, 10);
		if (*end || p < 1 || p > 65535) {
			fprintf(stderr, "usage: echo [PORT]\n");
			return 2;
		}
		port = (int)p;
	}
#ifdef SIGPIPE
	signal(SIGPIPE, SIG_IGN); /* a peer gone: write() fails with EPIPE instead */
#endif
	int tfd = open_socket(SOCK_STREAM, port);
	int ufd = open_socket(SOCK_DGRAM, port);
	unsigned char *ubuf = malloc(UDP_MAX);
	static struct pollfd pfd[MAX_CONNS + 2];
	if (!ubuf)
		return 1;
	printf("echo: listening on port %d\n", port);
	fflush(stdout);

	for (;;) {
		pfd[0].fd = ufd;
		pfd[0].events = POLLIN;
		pfd[1].fd = nconns < MAX_CONNS ? tfd : -1;
		pfd[1].events = POLLIN;
		for (int i = 0; i < nconns; i++) {
			struct conn *c = conns[i];
			pfd[i + 2].fd = c->fd;
			pfd[i + 2].events = (c->len < BUF_SIZE && !c->eof ? POLLIN : 0) |
					    (c->len ? POLLOUT : 0);
			pfd[i + 2].revents = 0;
		}
		int n = nconns;
		if (poll(pfd, (nfds_t)(n + 2), -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("echo: poll");
			return 1;
		}
		if (pfd[0].revents & POLLIN)
			udp_echo(ufd, ubuf);
		/* Walk backwards: drop() moves the last connection into the hole. */
		for (int i = n - 1; i >= 0; i--)
			if (pfd[i + 2].revents && !tcp_service(conns[i], pfd[i + 2].revents))
				drop(i);
		if (pfd[1].fd >= 0 && (pfd[1].revents & POLLIN))
			tcp_accept(tfd);
	}
}

/* sockfull: fill the socket table over loopback and check that a full table
 * is an error, not a crash (lwIP as patched by Debian once handed out the
 * socket one past its table: socket() returned it, accept() panicked with
 * "invalid socket index"):
 *   1. socket() until it fails: it must fail with ENFILE or EMFILE, after
 *      no more sockets than the table holds;
 *   2. with one socket freed, connections pending on a listener: the first
 *      accept() takes the free socket, the next fails with ENFILE/EMFILE;
 *   3. everything closed: a connection over loopback works again.
 * Prints "sockfull: ok" and exits 0, or "FAIL ..." and exits 1. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PORT 7000
#define MAX_TRY 400

static int socks[MAX_TRY], nsocks;

static struct sockaddr_in loopback(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* accept() on the non-blocking listener, waiting up to a second for a
 * connection: the new fd, or -1 with errno. */
static int accept_wait(int lfd)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };
	if (poll(&p, 1, 1000) != 1) {
		errno = ETIMEDOUT;
		return -1;
	}
	return accept(lfd, NULL, NULL);
}

static int fail(const char *what)
{
	printf("FAIL %s\n", what);
	return 1;
}

int main(void)
{
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = loopback();
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 16) < 0)
		return fail("listener");
	fcntl(lfd, F_SETFL, O_NONBLOCK);

	/* 1. connect to ourselves until no socket is left */
	int err = 0;
	while (nsocks < MAX_TRY) {
		int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (s < 0) {
			err = errno;
			break;
		}
		socks[nsocks++] = s;
		if (connect(s, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS)
			return fail("connect");
	}
	printf("sockfull: socket() failed after %d sockets: %s\n", nsocks + 1, strerror(err));
	if (err != ENFILE && err != EMFILE)
		return fail("socket() at a full table");
	usleep(200000); /* the handshakes complete on the listener */

	/* 2. one socket free, then accepts beyond it */
	close(socks[--nsocks]);
	int fd = accept_wait(lfd);
	if (fd < 0)
		return fail("accept() with one socket free");
	err = accept_wait(lfd) < 0 ? errno : 0;
	printf("sockfull: accept() at a full table: %s\n", strerror(err));
	if (err != ENFILE && err != EMFILE)
		return fail("accept() at a full table");
	close(fd);

	/* 3. all closed: the table works again */
	while (nsocks)
		close(socks[--nsocks]);
	usleep(200000);
	while ((fd = accept(lfd, NULL, NULL)) >= 0)
		close(fd); /* what was still pending */
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof a) < 0)
		return fail("connect after closing everything");
	fd = accept_wait(lfd);
	char buf[8] = { 0 };
	if (fd < 0 || write(c, "hello", 5) != 5 || read(fd, buf, sizeof buf) != 5 || strcmp(buf, "hello"))
		return fail("a connection after closing everything");
	printf("sockfull: ok\n");
	return 0;
}

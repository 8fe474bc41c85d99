/*
 * poll() and select() over every kind of descriptor. Sockets are asked in
 * one batch through lwIP's own poll, which blocks until one is ready; the
 * others (console, pipes, files) answer through their file_ops->poll.
 * Files without a poll operation (regular files, /dev/null...) are always
 * ready; the others wake poll through file_poll_wake() when they change.
 * When sockets and descriptors that can become ready later (the console's
 * input, pipes) are polled together, lwIP waits in slices of POLL_SLICE_MS
 * so that the others are looked at again: lwIP cannot be woken by them.
 */
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "kernel/thread.h"
#include "shim.h"

#define POLL_SLICE_MS 10

int (*shim_net_poll)(struct pollfd *fds, unsigned int nfds, int timeout_ms);

static int is_socket(const struct file *f) { return !f->vn && S_ISSOCK(f->mode) && shim_net_poll; }

/* Ask every descriptor that is not a socket; the number ready. *waitable:
 * one of them may become ready later. */
static int scan(struct pollfd *fds, nfds_t nfds, int *waitable)
{
	int ready = 0;
	*waitable = 0;
	for (nfds_t i = 0; i < nfds; i++) {
		struct file *f = fds[i].fd < 0 ? NULL : fd_file(fds[i].fd);
		if (fds[i].fd < 0 || (f && is_socket(f)))
			continue;
		short any = (short)(fds[i].events | POLLHUP | POLLERR);
		if (!f)
			fds[i].revents = POLLNVAL;
		else if (f->ops->poll) {
			fds[i].revents = (short)(f->ops->poll(f, fds[i].events) & any);
			*waitable = 1;
		} else
			fds[i].revents = (short)(fds[i].events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
		ready += fds[i].revents != 0;
	}
	return ready;
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout_ms)
{
	struct pollfd *lw = NULL;
	nfds_t *map = NULL, n = 0;
	for (nfds_t i = 0; i < nfds; i++) {
		struct file *f = fds[i].fd < 0 ? NULL : fd_file(fds[i].fd);
		fds[i].revents = 0;
		if (!f || !is_socket(f))
			continue;
		if (!lw && (!(lw = malloc(nfds * sizeof(*lw))) || !(map = malloc(nfds * sizeof(*map))))) {
			free(lw);
			errno = ENOMEM;
			return -1;
		}
		lw[n] = (struct pollfd){ f->handle, fds[i].events, 0 };
		map[n++] = i;
	}
	uint64_t deadline = timeout_ms < 0 ? UINT64_MAX : time_now_ns() + (uint64_t)timeout_ms * 1000000;
	int ready, waitable, err = 0;
	for (;;) {
		ready = scan(fds, nfds, &waitable);
		uint64_t now = time_now_ns();
		int left_ms = now >= deadline ? 0
			    : deadline == UINT64_MAX ? -1
			    : (int)((deadline - now + 999999) / 1000000);
		int wait_ms = ready ? 0 : left_ms;
		if (n && waitable && (wait_ms < 0 || wait_ms > POLL_SLICE_MS))
			wait_ms = POLL_SLICE_MS;
		if (n) {
			int r = shim_net_poll(lw, (unsigned int)n, wait_ms);
			if (r < 0) {
				err = -1;
				break;
			}
			for (nfds_t j = 0; j < n; j++) {
				fds[map[j]].revents = lw[j].revents;
				ready += lw[j].revents != 0;
			}
		} else if (wait_ms != 0 && waitable)
			file_poll_wait(deadline == UINT64_MAX ? 0 : deadline);
		else if (wait_ms != 0) /* nothing that can become ready: just the wait */
			thread_sleep_ns(wait_ms < 0 ? UINT64_MAX / 2 : (uint64_t)wait_ms * 1000000);
		if (ready || left_ms == 0)
			break;
	}
	free(lw);
	free(map);
	return err ? -1 : ready;
}

int select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *tv)
{
	if (nfds < 0 || nfds > FD_SETSIZE || (tv && (tv->tv_sec < 0 || tv->tv_usec < 0))) {
		errno = EINVAL;
		return -1;
	}
	struct pollfd p[FD_SETSIZE];
	int n = 0;
	for (int fd = 0; fd < nfds; fd++) {
		short ev = (short)((rd && FD_ISSET(fd, rd) ? POLLIN : 0) |
				   (wr && FD_ISSET(fd, wr) ? POLLOUT : 0) |
				   (ex && FD_ISSET(fd, ex) ? POLLPRI : 0));
		if (ev)
			p[n++] = (struct pollfd){ fd, ev, 0 };
	}
	int timeout = -1;
	if (tv)
		timeout = (int)(tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000);
	int r = poll(p, (nfds_t)n, timeout);
	if (r < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (p[i].revents & POLLNVAL) {
			errno = EBADF;
			return -1;
		}
	if (rd)
		FD_ZERO(rd);
	if (wr)
		FD_ZERO(wr);
	if (ex)
		FD_ZERO(ex);
	int count = 0;
	for (int i = 0; i < n; i++) {
		short re = p[i].revents;
		if (rd && (re & (POLLIN | POLLHUP | POLLERR)) && (p[i].events & POLLIN)) {
			FD_SET(p[i].fd, rd);
			count++;
		}
		if (wr && (re & (POLLOUT | POLLERR)) && (p[i].events & POLLOUT)) {
			FD_SET(p[i].fd, wr);
			count++;
		}
		if (ex && (re & POLLPRI)) {
			FD_SET(p[i].fd, ex);
			count++;
		}
	}
	return count;
}

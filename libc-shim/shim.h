/*
 * What libc-shim's files share: the kernel's convention (a negative errno)
 * turned into POSIX's (-1 and errno), and the open file behind a descriptor.
 */
#ifndef AMPHI_LIBC_SHIM_H
#define AMPHI_LIBC_SHIM_H

#include <errno.h>

#include "kernel/vfs/file.h"

/* r, or -1 with errno set when r is a negative errno. */
static inline long sys_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* The open file of fd, or NULL with errno EBADF. */
static inline struct file *shim_file(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		errno = EBADF;
	return f;
}

/* poll() over lwIP's sockets (their handles in fds), set by socket.c when
 * the stack starts, so that apps without sockets link no network code. */
struct pollfd;
extern int (*shim_net_poll)(struct pollfd *fds, unsigned int nfds, int timeout_ms);

/* The directory a *at() call starts from: the working directory for
 * AT_FDCWD, else dirfd's (referenced); NULL with errno set. */
struct vnode *shim_start(int dirfd);

#endif

/*
 * The file descriptor table shared by the console and sockets: fds 0-2 are
 * the console, everything else names an object through its ops (sockets:
 * socket.c). syscalls.c's read/write/close/fstat dispatch through it, so an
 * app that never opens a socket links no socket code.
 */
#ifndef AMPHI_LIBC_FD_H
#define AMPHI_LIBC_FD_H

#include <stddef.h>
#include <sys/types.h>

#define FD_MAX 256 /* poll() takes any; select(), as on Linux, only fds below FD_SETSIZE (64) */

struct fd_ops {
	ssize_t (*read)(int handle, void *buf, size_t len);
	ssize_t (*write)(int handle, const void *buf, size_t len);
	int (*close)(int handle);
	int (*ioctl)(int handle, unsigned long request, void *arg);
	unsigned mode; /* st_mode for fstat */
};

/* A new fd (3 and up) for (ops, handle), or -1 with errno EMFILE. */
int fd_alloc(const struct fd_ops *ops, int handle);
/* The ops of an open non-console fd and its handle; NULL (errno EBADF) if
 * fd is not open or is the console. */
const struct fd_ops *fd_lookup(int fd, int *handle);
/* Forget fd without closing what it names. */
void fd_free(int fd);

#endif

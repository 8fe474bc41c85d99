/*
 * The system calls newlib's x86_64-elf build expects (MISSING_SYSCALL_NAMES:
 * plain names, not _write). File descriptors 0-2 are the console, the rest
 * (sockets) go through the fd table (fd.h); there is no file system, so
 * opening a file fails with ENOENT.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "fd.h"

#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/panic.h"
#include "platform/platform.h"

#undef errno
extern int errno;

static int is_console(int fd) { return fd >= 0 && fd <= 2; }

/* fds 0-2 are the console and have no entry. Single CPU, cooperative: no lock. */
static struct {
	const struct fd_ops *ops;
	int handle;
	int nonblock; /* what fcntl(F_GETFL) reports */
} fds[FD_MAX];

int fd_alloc(const struct fd_ops *ops, int handle)
{
	for (int fd = 3; fd < FD_MAX; fd++) {
		if (!fds[fd].ops) {
			fds[fd].ops = ops;
			fds[fd].handle = handle;
			fds[fd].nonblock = 0;
			return fd;
		}
	}
	errno = EMFILE;
	return -1;
}

const struct fd_ops *fd_lookup(int fd, int *handle)
{
	if (fd < 3 || fd >= FD_MAX || !fds[fd].ops) {
		errno = EBADF;
		return NULL;
	}
	*handle = fds[fd].handle;
	return fds[fd].ops;
}

void fd_free(int fd)
{
	if (fd >= 3 && fd < FD_MAX)
		fds[fd].ops = NULL;
}

int write(int fd, const void *buf, size_t len)
{
	if (fd == 1 || fd == 2) {
		console_write(buf, len);
		return (int)len;
	}
	int h;
	const struct fd_ops *ops = fd_lookup(fd, &h);
	return ops ? (int)ops->write(h, buf, len) : -1;
}

int read(int fd, void *buf, size_t len)
{
	if (fd == 0)
		return 0; /* the console has no input yet: stdin is at end of file */
	int h;
	const struct fd_ops *ops = is_console(fd) ? NULL : fd_lookup(fd, &h);
	if (!ops) {
		errno = EBADF;
		return -1;
	}
	return (int)ops->read(h, buf, len);
}

/* readv/writev: one call per buffer, stopping at the first short transfer. */
static ssize_t each_iov(int (*io)(int, void *, size_t), int fd, const struct iovec *iov, int iovcnt)
{
	ssize_t total = 0;
	for (int i = 0; i < iovcnt; i++) {
		int n = io(fd, iov[i].iov_base, iov[i].iov_len);
		if (n < 0)
			return total ? total : -1;
		total += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	return total;
}

static int write_buf(int fd, void *buf, size_t len) { return write(fd, buf, len); }

ssize_t writev(int fd, const struct iovec *iov, int iovcnt) { return each_iov(write_buf, fd, iov, iovcnt); }
ssize_t readv(int fd, const struct iovec *iov, int iovcnt) { return each_iov(read, fd, iov, iovcnt); }

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	int h;
	const struct fd_ops *ops = is_console(fd) ? NULL : fd_lookup(fd, &h);
	if (!ops || !ops->ioctl) {
		errno = is_console(fd) ? ENOTTY : EBADF;
		return -1;
	}
	return ops->ioctl(h, request, arg);
}

/* Only O_NONBLOCK, on sockets (through FIONBIO). */
int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	int arg = va_arg(ap, int);
	va_end(ap);
	if (is_console(fd))
		return cmd == F_GETFL ? O_RDWR : 0;
	int h;
	const struct fd_ops *ops = fd_lookup(fd, &h);
	if (!ops)
		return -1;
	switch (cmd) {
	case F_GETFL:
		return O_RDWR | (fds[fd].nonblock ? O_NONBLOCK : 0);
	case F_SETFL: {
		int on = (arg & O_NONBLOCK) != 0;
		if (!ops->ioctl || ops->ioctl(h, FIONBIO, &on) < 0)
			return -1;
		fds[fd].nonblock = on;
		return 0;
	}
	case F_GETFD:
	case F_SETFD:
		return 0; /* no exec: FD_CLOEXEC means nothing */
	default:
		errno = EINVAL;
		return -1;
	}
}

void *sbrk(ptrdiff_t increment) { return mm_sbrk(increment); }

void _exit(int status) { kernel_exit(status); }

int close(int fd)
{
	if (is_console(fd))
		return 0;
	int h;
	const struct fd_ops *ops = fd_lookup(fd, &h);
	if (!ops)
		return -1;
	fd_free(fd);
	return ops->close(h);
}

int fstat(int fd, struct stat *st)
{
	if (is_console(fd)) {
		*st = (struct stat){ .st_mode = S_IFCHR | 0620, .st_blksize = 0 };
		return 0;
	}
	int h;
	const struct fd_ops *ops = fd_lookup(fd, &h);
	if (!ops)
		return -1;
	*st = (struct stat){ .st_mode = ops->mode };
	return 0;
}

int isatty(int fd)
{
	int h;
	if (is_console(fd))
		return 1;
	if (fd_lookup(fd, &h))
		errno = ENOTTY;
	return 0;
}

off_t lseek(int fd, off_t off, int whence)
{
	(void)off;
	(void)whence;
	int h;
	errno = is_console(fd) || fd_lookup(fd, &h) ? ESPIPE : EBADF;
	return -1;
}

int open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	errno = ENOENT;
	return -1;
}

int stat(const char *path, struct stat *st)
{
	(void)path;
	(void)st;
	errno = ENOENT;
	return -1;
}

int unlink(const char *path)
{
	(void)path;
	errno = ENOENT;
	return -1;
}

int getpid(void) { return 1; }

/* The name DHCP announces too (kernel/net/lwip/glue.c). */
int gethostname(char *name, size_t len)
{
	static const char host[] = "amphi";
	if (len < sizeof(host)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (size_t i = 0; i < sizeof(host); i++)
		name[i] = host[i];
	return 0;
}

/* newlib's raise() ends here when a signal has no handler: for the one
 * process there is, that is fatal. */
int kill(int pid, int sig)
{
	if (pid != 1) {
		errno = ESRCH;
		return -1;
	}
	if (sig == SIGABRT)
		panic("abort() called");
	panic("killed by signal %d", sig);
}

/* gettimeofday and times are in time.c with the other clocks. */

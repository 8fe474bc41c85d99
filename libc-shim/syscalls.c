/*
 * The system calls newlib's x86_64-elf build expects (MISSING_SYSCALL_NAMES:
 * plain names, not _write): I/O on descriptors (kernel/vfs/file.h), memory,
 * exit, the process. Files by name are in file.c. errno is newlib's
 * per-thread one, which its reentrant wrappers (_read_r...) also read.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/panic.h"
#include "kernel/vfs/dev.h"
#include "shim.h"

int write(int fd, const void *buf, size_t len)
{
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	ssize_t r = file_write(f, buf, len);
	if (r == -EPIPE && S_ISFIFO(f->mode)) /* no reader left: SIGPIPE, as on Linux */
		raise(SIGPIPE);
	return (int)sys_ret(r);
}

int read(int fd, void *buf, size_t len)
{
	struct file *f = shim_file(fd);
	return f ? (int)sys_ret(file_read(f, buf, len)) : -1;
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
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	if (request == FIONBIO) { /* every file has O_NONBLOCK */
		int flags = *(int *)arg ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return (int)sys_ret(file_setfl(f, flags));
	}
	return (int)sys_ret(f->ops->ioctl ? f->ops->ioctl(f, request, arg) : -ENOTTY);
}

void *sbrk(ptrdiff_t increment) { return mm_sbrk(increment); }

void _exit(int status) { kernel_exit(status); }

int close(int fd) { return (int)sys_ret(fd_close(fd)); }

int isatty(int fd)
{
	struct file *f = shim_file(fd);
	if (f && (!f->vn || !S_ISCHR(f->vn->mode) || (f->vn->rdev != DEV_CONSOLE && f->vn->rdev != DEV_TTY))) {
		errno = ENOTTY;
		return 0;
	}
	return f != NULL;
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

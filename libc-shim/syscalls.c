/*
 * The system calls newlib's x86_64-elf build expects (MISSING_SYSCALL_NAMES:
 * plain names, not _write). File descriptors 0-2 are the console; there is
 * no file system, so opening a file fails with ENOENT.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>

#include "kernel.h"
#include "mm.h"
#include "panic.h"
#include "platform.h"

#undef errno
extern int errno;

static int is_console(int fd) { return fd >= 0 && fd <= 2; }

int write(int fd, const void *buf, size_t len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, len);
	return (int)len;
}

int read(int fd, void *buf, size_t len)
{
	(void)buf;
	(void)len;
	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	return 0; /* the console has no input yet: stdin is at end of file */
}

void *sbrk(ptrdiff_t increment) { return mm_sbrk(increment); }

void _exit(int status) { kernel_exit(status); }

int close(int fd)
{
	if (is_console(fd))
		return 0;
	errno = EBADF;
	return -1;
}

int fstat(int fd, struct stat *st)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	*st = (struct stat){ .st_mode = S_IFCHR | 0620, .st_blksize = 0 };
	return 0;
}

int isatty(int fd)
{
	if (is_console(fd))
		return 1;
	errno = EBADF;
	return 0;
}

off_t lseek(int fd, off_t off, int whence)
{
	(void)off;
	(void)whence;
	errno = is_console(fd) ? ESPIPE : EBADF;
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

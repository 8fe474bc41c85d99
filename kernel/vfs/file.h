/*
 * Open files and the descriptor table. An open file (struct file) is what
 * open(), socket() or pipe() creates: its operations, its offset and status
 * flags, and for files of the name space the vnode. Descriptors name open
 * files; dup() makes two descriptors share one, as on Linux, so they share
 * the offset. Descriptors 0-2 start as the console.
 *
 * Like vfs.h, calls return a negative errno on failure.
 */
#ifndef AMPHI_FILE_H
#define AMPHI_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vfs.h"

#define FD_MAX 1024 /* descriptors per process: RLIMIT_NOFILE */

struct file;

/* What an open file does; NULL entries fail with EINVAL (read, write),
 * ENOTTY (ioctl) or are ready for everything (poll). */
struct file_ops {
	/* Devices only: open as this instead of a new file of these ops. */
	int (*open)(struct vnode *vn, int flags, struct file **out);
	ssize_t (*read)(struct file *f, void *buf, size_t len);
	ssize_t (*write)(struct file *f, const void *buf, size_t len);
	int (*ioctl)(struct file *f, unsigned long request, void *arg);
	/* The poll events (POLLIN...) of events that are ready now. */
	short (*poll)(struct file *f, short events);
	/* O_NONBLOCK turned on or off (flags are the new status flags). */
	int (*setfl)(struct file *f, int flags);
	/* The last descriptor is gone. */
	void (*close)(struct file *f);
};

struct file {
	const struct file_ops *ops;
	struct vnode *vn; /* NULL for sockets and pipes */
	void *priv;       /* the ops' own */
	int handle;       /* the ops' own (a socket's number) */
	mode_t mode;      /* what fstat reports when there is no vnode */
	int flags;        /* O_RDONLY/O_WRONLY/O_RDWR, O_APPEND, O_NONBLOCK */
	uint64_t off;
	uint64_t dirpos; /* readdir's position */
	unsigned refs;
};

/* A new open file with one reference. */
struct file *file_new(const struct file_ops *ops, int flags);
struct file *file_get(struct file *f);
void file_put(struct file *f);

/* An open file for vn (referenced by the file from then on). Regular files,
 * directories (read-only) and character devices (chardev_register). */
int file_open_vnode(struct vnode *vn, int flags, struct file **out);

/* Reads, writes and seeks at the file's offset. */
ssize_t file_read(struct file *f, void *buf, size_t len);
ssize_t file_write(struct file *f, const void *buf, size_t len);
ssize_t file_pread(struct file *f, void *buf, size_t len, uint64_t off);
ssize_t file_pwrite(struct file *f, const void *buf, size_t len, uint64_t off);
int64_t file_seek(struct file *f, int64_t off, int whence);
/* The next directory entry: 1, 0 at the end. */
int file_readdir(struct file *f, struct vfs_dirent *out);
int file_setfl(struct file *f, int flags);

/* poll()'s wait for descriptors that are not sockets: any change of a
 * file's readiness (a pipe written, console input) wakes every waiter,
 * which then asks its descriptors again. 0, or -ETIMEDOUT at deadline_ns
 * (0 = none). */
void file_poll_wake(void);
int file_poll_wait(uint64_t deadline_ns);

/* Character devices: /dev nodes (S_IFCHR with rdev) open as these ops. */
int chardev_register(dev_t rdev, const struct file_ops *ops);

/* -- descriptors -- */
/* The lowest free descriptor >= min for f (taking the caller's reference). */
int fd_install(struct file *f, int min, int cloexec);
/* f as descriptor fd exactly (taking the caller's reference), closing what
 * fd named before: fd, or -EBADF when out of range. */
int fd_install_at(struct file *f, int fd, int cloexec);
/* The open file of fd, or NULL: borrowed, valid until fd is closed. */
struct file *fd_file(int fd);
int fd_close(int fd);
int fd_dup(int fd, int min, int cloexec);
/* newfd names what oldfd names (closing what newfd named); newfd. */
int fd_dup2(int oldfd, int newfd, int cloexec);
int fd_cloexec(int fd);                /* 0/1, or -EBADF */
int fd_set_cloexec(int fd, int on);

#endif

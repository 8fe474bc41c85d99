/*
 * Open files and the descriptor table (file.h). Files of the name space
 * (regular files, directories) share one set of operations that reads and
 * writes the vnode at the file's offset; devices bring their own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "pipe.h"

struct file *file_new(const struct file_ops *ops, int flags)
{
	struct file *f = calloc(1, sizeof(*f));
	if (f) {
		f->ops = ops;
		f->flags = flags;
		f->refs = 1;
	}
	return f;
}

struct file *file_get(struct file *f)
{
	f->refs++;
	return f;
}

void file_put(struct file *f)
{
	if (--f->refs)
		return;
	if (f->ops->close)
		f->ops->close(f);
	vnode_put(f->vn);
	free(f);
}

static int can_read(struct file *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static int can_write(struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }

ssize_t file_pread(struct file *f, void *buf, size_t len, uint64_t off)
{
	struct vnode *vn = f->vn;
	if (!can_read(f))
		return -EBADF;
	if (!vn || !S_ISREG(vn->mode))
		return vn && S_ISDIR(vn->mode) ? -EISDIR : -ESPIPE;
	if (off > INT64_MAX)
		return -EINVAL;
	ssize_t n = vn->ops->read ? vn->ops->read(vn, buf, len, off) : -EINVAL;
	if (n > 0)
		vn->atime = vfs_now();
	return n;
}

ssize_t file_pwrite(struct file *f, const void *buf, size_t len, uint64_t off)
{
	struct vnode *vn = f->vn;
	if (!can_write(f))
		return -EBADF;
	if (!vn || !S_ISREG(vn->mode))
		return -ESPIPE;
	if (off > INT64_MAX)
		return -EINVAL;
	if (len == 0)
		return 0;
	ssize_t n = vn->ops->write ? vn->ops->write(vn, buf, len, off) : -EINVAL;
	if (n > 0)
		vnode_touch(vn);
	return n;
}

/* Regular files and directories: the vnode at the offset. */
static ssize_t vnode_read(struct file *f, void *buf, size_t len)
{
	ssize_t n = file_pread(f, buf, len, f->off);
	if (n > 0)
		f->off += (uint64_t)n;
	return n;
}

static ssize_t vnode_write(struct file *f, const void *buf, size_t len)
{
	if (f->flags & O_APPEND)
		f->off = f->vn->size;
	ssize_t n = file_pwrite(f, buf, len, f->off);
	if (n > 0)
		f->off += (uint64_t)n;
	return n;
}

static const struct file_ops vnode_file_ops = {
	.read = vnode_read,
	.write = vnode_write,
};

ssize_t file_read(struct file *f, void *buf, size_t len)
{
	if (!can_read(f))
		return -EBADF;
	return f->ops->read ? f->ops->read(f, buf, len) : -EINVAL;
}

ssize_t file_write(struct file *f, const void *buf, size_t len)
{
	if (!can_write(f))
		return -EBADF;
	return f->ops->write ? f->ops->write(f, buf, len) : -EINVAL;
}

int64_t file_seek(struct file *f, int64_t off, int whence)
{
	struct vnode *vn = f->vn;
	if (!vn || S_ISFIFO(vn->mode))
		return -ESPIPE;
	if (S_ISCHR(vn->mode))
		return 0; /* devices ignore the offset, as /dev/null does on Linux */
	int64_t base = whence == SEEK_SET ? 0
		     : whence == SEEK_CUR ? (int64_t)f->off
		     : whence == SEEK_END ? (int64_t)vn->size
					  : -1;
	if (base < 0)
		return -EINVAL;
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return off > 0 ? -EOVERFLOW : -EINVAL;
	f->off = (uint64_t)(base + off);
	if (S_ISDIR(vn->mode) && f->off == 0)
		f->dirpos = 0; /* rewinddir */
	return (int64_t)f->off;
}

int file_readdir(struct file *f, struct vfs_dirent *out)
{
	struct vnode *vn = f->vn;
	if (!vn || !S_ISDIR(vn->mode))
		return -ENOTDIR;
	int n = vn->ops->readdir ? vn->ops->readdir(vn, &f->dirpos, out) : -ENOTDIR;
	if (n >= 0)
		vn->atime = vfs_now();
	return n;
}

int file_setfl(struct file *f, int flags)
{
	int keep = O_ACCMODE, change = O_APPEND | O_NONBLOCK;
	int next = (f->flags & keep) | (flags & change);
	if (((next ^ f->flags) & O_NONBLOCK) && f->ops->setfl) {
		int err = f->ops->setfl(f, next);
		if (err)
			return err;
	}
	f->flags = (f->flags & ~change) | (next & change);
	return 0;
}

/* -- character devices -- */
#define CHARDEV_MAX 16
static struct {
	dev_t rdev;
	const struct file_ops *ops;
} chardevs[CHARDEV_MAX];

int chardev_register(dev_t rdev, const struct file_ops *ops)
{
	for (int i = 0; i < CHARDEV_MAX; i++)
		if (!chardevs[i].ops || chardevs[i].rdev == rdev) {
			chardevs[i].rdev = rdev;
			chardevs[i].ops = ops;
			return 0;
		}
	return -ENOSPC;
}

static const struct file_ops *chardev(dev_t rdev)
{
	for (int i = 0; i < CHARDEV_MAX && chardevs[i].ops; i++)
		if (chardevs[i].rdev == rdev)
			return chardevs[i].ops;
	return NULL;
}

int file_open_vnode(struct vnode *vn, int flags, struct file **out)
{
	const struct file_ops *ops = &vnode_file_ops;
	if (S_ISFIFO(vn->mode))
		return fifo_open(vn, flags, out);
	if (S_ISDIR(vn->mode) && (flags & O_ACCMODE) != O_RDONLY)
		return -EISDIR;
	if (S_ISCHR(vn->mode) && !(ops = chardev(vn->rdev)))
		return -ENXIO;
	if (ops->open)
		return ops->open(vn, flags, out);
	if (!S_ISDIR(vn->mode) && !S_ISREG(vn->mode) && !S_ISCHR(vn->mode))
		return -ENXIO;
	struct file *f = file_new(ops, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	if (!f)
		return -ENOMEM;
	f->vn = vnode_get(vn);
	*out = f;
	return 0;
}

/* -- descriptors: single CPU, cooperative, so no lock -- */
static struct {
	struct file *file;
	int cloexec;
} fds[FD_MAX];

int fd_install(struct file *f, int min, int cloexec)
{
	for (int fd = min < 0 ? 0 : min; fd < FD_MAX; fd++)
		if (!fds[fd].file) {
			fds[fd].file = f;
			fds[fd].cloexec = cloexec;
			return fd;
		}
	return min >= FD_MAX ? -EINVAL : -EMFILE;
}

struct file *fd_file(int fd) { return fd >= 0 && fd < FD_MAX ? fds[fd].file : NULL; }

int fd_close(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	fds[fd].file = NULL;
	file_put(f);
	return 0;
}

int fd_dup(int fd, int min, int cloexec)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	int nfd = fd_install(file_get(f), min, cloexec);
	if (nfd < 0)
		file_put(f);
	return nfd;
}

int fd_install_at(struct file *f, int fd, int cloexec)
{
	if (fd < 0 || fd >= FD_MAX) {
		file_put(f);
		return -EBADF;
	}
	struct file *old = fds[fd].file;
	fds[fd].file = f;
	fds[fd].cloexec = cloexec;
	if (old)
		file_put(old);
	return fd;
}

int fd_dup2(int oldfd, int newfd, int cloexec)
{
	struct file *f = fd_file(oldfd);
	if (!f)
		return -EBADF;
	if (newfd == oldfd)
		return newfd;
	return fd_install_at(file_get(f), newfd, cloexec);
}

int fd_cloexec(int fd) { return fd_file(fd) ? fds[fd].cloexec : -EBADF; }

int fd_set_cloexec(int fd, int on)
{
	if (!fd_file(fd))
		return -EBADF;
	fds[fd].cloexec = on != 0;
	return 0;
}

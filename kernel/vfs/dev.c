/*
 * The devices of /dev that need no driver: the console, null, zero, full,
 * random and urandom (kernel/random.h), and stdin/stdout/stderr (which open whatever descriptors 0-2 name, as
 * Linux's /proc/self/fd links do). Device numbers are Linux's.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>

#include "dev.h"
#include "file.h"
#include "kernel/console.h"
#include "kernel/random.h"
#include <fcntl.h>

static ssize_t console_file_read(struct file *f, void *buf, size_t len)
{
	return console_read(buf, len, f->flags & O_NONBLOCK);
}

static ssize_t console_file_write(struct file *f, const void *buf, size_t len)
{
	(void)f;
	console_write(buf, len);
	return (ssize_t)len;
}

static short console_poll(struct file *f, short events)
{
	(void)f;
	return (short)(events & ((console_readable() ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM));
}

static int console_ioctl(struct file *f, unsigned long req, void *arg)
{
	(void)f;
	(void)req;
	(void)arg;
	return -ENOTTY; /* no termios: the console is a plain byte stream */
}

static const struct file_ops console_ops = {
	.read = console_file_read,
	.write = console_file_write,
	.poll = console_poll,
	.ioctl = console_ioctl,
};

static ssize_t null_read(struct file *f, void *buf, size_t len)
{
	(void)f, (void)buf, (void)len;
	return 0;
}

static ssize_t sink_write(struct file *f, const void *buf, size_t len)
{
	(void)f, (void)buf;
	return (ssize_t)len;
}

static ssize_t zero_read(struct file *f, void *buf, size_t len)
{
	(void)f;
	memset(buf, 0, len);
	return (ssize_t)len;
}

static ssize_t full_write(struct file *f, const void *buf, size_t len)
{
	(void)f, (void)buf, (void)len;
	return -ENOSPC;
}

static ssize_t random_read(struct file *f, void *buf, size_t len)
{
	(void)f;
	random_bytes(buf, len);
	return (ssize_t)len;
}

static const struct file_ops null_ops = { .read = null_read, .write = sink_write };
static const struct file_ops zero_ops = { .read = zero_read, .write = sink_write };
static const struct file_ops full_ops = { .read = zero_read, .write = full_write };
/* Writes are accepted and, as on Linux, credit nothing. */
static const struct file_ops random_ops = { .read = random_read, .write = sink_write };

static int stdio_open(struct vnode *vn, int flags, struct file **out)
{
	(void)flags;
	struct file *f = fd_file((int)(vn->rdev - DEV_STDIN));
	if (!f)
		return -ENXIO;
	*out = file_get(f);
	return 0;
}

static const struct file_ops stdio_ops = { .open = stdio_open };

static const struct {
	const char *name;
	dev_t rdev;
	mode_t mode;
	const struct file_ops *ops;
} devices[] = {
	{ "console", DEV_CONSOLE, 0620, &console_ops },
	{ "tty", DEV_TTY, 0666, &console_ops },
	{ "null", DEV_NULL, 0666, &null_ops },
	{ "zero", DEV_ZERO, 0666, &zero_ops },
	{ "full", DEV_FULL, 0666, &full_ops },
	{ "random", DEV_RANDOM, 0666, &random_ops },
	{ "urandom", DEV_URANDOM, 0666, &random_ops },
	{ "stdin", DEV_STDIN, 0620, &stdio_ops },
	{ "stdout", DEV_STDIN + 1, 0620, &stdio_ops },
	{ "stderr", DEV_STDIN + 2, 0620, &stdio_ops },
};

int dev_add(const char *name, dev_t rdev, mode_t mode, const struct file_ops *ops)
{
	char path[64] = "/dev/";
	size_t n = strlen(name);
	if (n > sizeof(path) - 6)
		return -ENAMETOOLONG;
	memcpy(path + 5, name, n + 1);
	struct vnode *root = vfs_root(), *vn;
	int err = chardev_register(rdev, ops);
	if (!err)
		err = vfs_create(root, path, S_IFCHR | mode, rdev, 1, &vn);
	if (!err) {
		vn->mode = S_IFCHR | mode; /* as named, whatever the umask */
		vnode_put(vn);
	}
	vnode_put(root);
	return err;
}

int dev_init(void)
{
	struct vnode *root = vfs_root();
	int err = vfs_mkdir(root, "/dev", 0755);
	vnode_put(root);
	for (size_t i = 0; !err && i < sizeof(devices) / sizeof(devices[0]); i++)
		err = dev_add(devices[i].name, devices[i].rdev, devices[i].mode, devices[i].ops);
	return err;
}

int dev_open_stdio(void)
{
	struct file *f;
	struct vnode *root = vfs_root(), *vn;
	int err = vfs_lookup(root, "/dev/console", 0, &vn);
	vnode_put(root);
	if (err)
		return err;
	err = file_open_vnode(vn, O_RDWR, &f);
	vnode_put(vn);
	if (err)
		return err;
	for (int fd = 0; fd < 3; fd++)
		fd_install_at(file_get(f), fd, 0);
	file_put(f);
	return err;
}

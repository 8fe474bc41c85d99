/*
 * Pipes and FIFOs (pipe.h), as on Linux: a 64 KiB buffer; reads block
 * until there is data or no writer is left (end of file); writes block
 * until there is room, and writes of up to PIPE_BUF bytes are never
 * interleaved with others; writing with no reader left fails with EPIPE.
 * O_NONBLOCK turns each wait into EAGAIN. A FIFO (mkfifo) is a pipe that
 * opens by name: its vnode keeps the pipe while either end is open.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arch/arch.h"
#include "kernel/sync.h"
#include "pipe.h"

#define PIPE_SIZE 65536 /* Linux's default capacity */
#define PIPE_ATOMIC 4096 /* PIPE_BUF */

struct pipe {
	char *buf;
	size_t head, tail; /* written at head, read at tail; head - tail bytes in it */
	unsigned readers, writers;
	unsigned opened_readers, opened_writers; /* FIFOs: ends ever opened */
	struct waitq wait; /* readers, writers and FIFO opens all wait here */
	struct vnode *fifo;
};

static void changed(struct pipe *p)
{
	waitq_wake_all(&p->wait);
	file_poll_wake();
}

/* Wait for the pipe to change; -EAGAIN if the file may not wait. */
static int wait_change(struct pipe *p, struct file *f)
{
	if (f && (f->flags & O_NONBLOCK))
		return -EAGAIN;
	unsigned long flags = arch_irq_save();
	waitq_wait(&p->wait, 0);
	arch_irq_restore(flags);
	return 0;
}

static size_t used(const struct pipe *p) { return p->head - p->tail; }

static ssize_t pipe_read(struct file *f, void *buf, size_t len)
{
	struct pipe *p = f->priv;
	if (len == 0)
		return 0;
	while (used(p) == 0) {
		if (p->writers == 0)
			return 0;
		int err = wait_change(p, f);
		if (err)
			return err;
	}
	size_t n = 0;
	while (n < len && used(p)) {
		size_t at = p->tail % PIPE_SIZE, k = PIPE_SIZE - at;
		if (k > used(p))
			k = used(p);
		if (k > len - n)
			k = len - n;
		memcpy((char *)buf + n, p->buf + at, k);
		p->tail += k;
		n += k;
	}
	changed(p);
	return (ssize_t)n;
}

static ssize_t pipe_write(struct file *f, const void *buf, size_t len)
{
	struct pipe *p = f->priv;
	size_t n = 0;
	while (n < len) {
		if (p->readers == 0)
			return n ? (ssize_t)n : -EPIPE;
		size_t room = PIPE_SIZE - used(p);
		/* a small write goes in whole or waits */
		if (room == 0 || (len <= PIPE_ATOMIC && room < len)) {
			if (n) /* part of a large write is in: let the reader at it */
				changed(p);
			int err = wait_change(p, f);
			if (err)
				return n ? (ssize_t)n : err;
			continue;
		}
		size_t at = p->head % PIPE_SIZE, k = PIPE_SIZE - at;
		if (k > room)
			k = room;
		if (k > len - n)
			k = len - n;
		memcpy(p->buf + at, (const char *)buf + n, k);
		p->head += k;
		n += k;
	}
	changed(p);
	return (ssize_t)n;
}

static short pipe_poll(struct file *f, short events)
{
	struct pipe *p = f->priv;
	short r = 0;
	if ((f->flags & O_ACCMODE) != O_WRONLY) {
		if (used(p))
			r |= POLLIN | POLLRDNORM;
		if (p->writers == 0 && p->opened_writers)
			r |= POLLHUP;
	}
	if ((f->flags & O_ACCMODE) != O_RDONLY) {
		if (PIPE_SIZE - used(p) >= PIPE_ATOMIC)
			r |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			r |= POLLERR;
	}
	return (short)(r & (events | POLLHUP | POLLERR));
}

static void pipe_free(struct pipe *p)
{
	free(p->buf);
	free(p);
}

static void pipe_close(struct file *f)
{
	struct pipe *p = f->priv;
	if ((f->flags & O_ACCMODE) != O_WRONLY)
		p->readers--;
	if ((f->flags & O_ACCMODE) != O_RDONLY)
		p->writers--;
	changed(p);
	if (p->readers || p->writers)
		return;
	if (p->fifo)
		p->fifo->pipe = NULL;
	pipe_free(p);
}

static const struct file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.close = pipe_close,
};

static struct pipe *pipe_new(void)
{
	struct pipe *p = calloc(1, sizeof(*p));
	if (p && !(p->buf = malloc(PIPE_SIZE))) {
		free(p);
		p = NULL;
	}
	if (p)
		waitq_init(&p->wait);
	return p;
}

/* A new end of p opened with flags. */
static int pipe_end(struct pipe *p, int flags, struct file **out)
{
	struct file *f = file_new(&pipe_ops, flags & (O_ACCMODE | O_NONBLOCK));
	if (!f)
		return -ENOMEM;
	f->priv = p;
	f->mode = S_IFIFO | 0600;
	if ((flags & O_ACCMODE) != O_WRONLY) {
		p->readers++;
		p->opened_readers++;
	}
	if ((flags & O_ACCMODE) != O_RDONLY) {
		p->writers++;
		p->opened_writers++;
	}
	*out = f;
	return 0;
}

int pipe_open(struct file *ends[2], int flags)
{
	struct pipe *p = pipe_new();
	if (!p)
		return -ENOMEM;
	flags &= O_NONBLOCK;
	if (pipe_end(p, O_RDONLY | flags, &ends[0])) {
		pipe_free(p);
		return -ENOMEM;
	}
	if (pipe_end(p, O_WRONLY | flags, &ends[1])) {
		file_put(ends[0]);
		return -ENOMEM;
	}
	return 0;
}

int fifo_open(struct vnode *vn, int flags, struct file **out)
{
	struct pipe *p = vn->pipe;
	if (!p) {
		if (!(p = pipe_new()))
			return -ENOMEM;
		p->fifo = vn; /* the open files hold vn, so it outlives the pipe */
		vn->pipe = p;
	}
	int mode = flags & O_ACCMODE;
	if (mode == O_WRONLY && (flags & O_NONBLOCK) && p->readers == 0) {
		if (!p->writers) {
			vn->pipe = NULL;
			pipe_free(p);
		}
		return -ENXIO;
	}
	int err = pipe_end(p, flags, out);
	if (err)
		return err;
	changed(p);
	/* A blocking open waits until the other end is opened, as on Linux. */
	if (!(flags & O_NONBLOCK) && mode != O_RDWR) {
		unsigned *other = mode == O_RDONLY ? &p->opened_writers : &p->opened_readers;
		unsigned *now = mode == O_RDONLY ? &p->writers : &p->readers, seen = *other;
		while (*now == 0 && *other == seen)
			wait_change(p, NULL);
	}
	return 0;
}

/*
 * Xenstore client: the configuration database every Xen guest shares with
 * dom0 (device setup, our name, watches). Requests go one at a time over the
 * shared ring; a reader thread takes replies and watch events off it, so
 * any thread may call these and block until the answer. Paths are relative
 * to the domain's home (/local/domain/N) unless they start with '/'.
 *
 * tx is 0 outside a transaction. Returns 0 or a length/count, or -errno:
 * xenstored's own errors (-ENOENT, -EACCES, -EAGAIN...), -E2BIG when a
 * reply does not fit the caller's buffer, -EPROTO for a malformed reply,
 * -ENODEV when there is no xenstore (not on Xen), -ETIMEDOUT.
 */
#ifndef AMPHI_XEN_XENSTORE_H
#define AMPHI_XEN_XENSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/list.h"
#include "kernel/sync.h"

/* Read a value into buf (NUL-terminated); its length. */
int xs_read(uint32_t tx, const char *path, char *buf, size_t cap);
int xs_write(uint32_t tx, const char *path, const char *value);
int xs_rm(uint32_t tx, const char *path);
/* A node's children: names[i] point into buf; returns how many there are
 * (more than max means some did not fit in names). */
int xs_directory(uint32_t tx, const char *path, char *buf, size_t cap, const char **names,
		 unsigned max);

int xs_transaction_start(uint32_t *tx);
/* commit 0 aborts. -EAGAIN: something changed meanwhile, start again. */
int xs_transaction_end(uint32_t tx, int commit);
/* Run fn in a transaction and commit it, again from the start while the
 * commit says -EAGAIN (bounded). fn returns 0 or -errno (which aborts). */
int xs_transaction(int (*fn)(uint32_t tx, void *arg), void *arg);

/* A watch: xenstored reports every change at or below path (and once right
 * after it is set up). Events are counted; a thread waits for them. */
struct xs_watch {
	struct list link;
	char token[24];
	char path[128];
	unsigned pending; /* events not yet consumed by xs_watch_wait */
	struct event ev;
};
int xs_watch_add(struct xs_watch *w, const char *path);
/* Wait until an event arrived since the last call (or deadline_ns, 0 = none);
 * 0 or -ETIMEDOUT. */
int xs_watch_wait(struct xs_watch *w, uint64_t deadline_ns);
int xs_watch_remove(struct xs_watch *w);

#endif

/* Xenstore client (xenstore.h) over the ring in xs_msg.c's terms. */
#include "xenstore.h"

#include <errno.h>
#include <string.h>

#include "arch/arch.h"
#include "kernel/printk.h"
#include "kernel/thread.h"
#include "platform/xen/xen.h"
#include "xs_msg.h"

#define REPLY_TIMEOUT_NS 10000000000ull /* xenstored answers in ms; 10 s means it is gone */
#define TX_RETRIES 16

static volatile struct xenstore_domain_interface *ring;
static evtchn_port_t store_port;
static struct waitq space_wq;       /* writers waiting for room in the request ring */
static struct event rsp_ready;      /* the reader thread: something to read */
static struct mutex req_lock = MUTEX_INIT(req_lock);
static struct list watches = LIST_INIT(watches);
static uint32_t last_req_id;
static int state;                   /* 0 not started, 1 running, <0 broken (-errno) */

/* The one request in flight and its answer (filled in by the reader). */
static struct {
	uint32_t req_id;
	int waiting, answered;
	struct xsd_sockmsg hdr;
	char body[XENSTORE_PAYLOAD_MAX + 1];
	struct event done;
} cur;
static char msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];

static void ring_event(evtchn_port_t port, void *arg)
{
	(void)port, (void)arg;
	event_signal(&rsp_ready);
	waitq_wake_all(&space_wq);
}

static void deliver_watch(const char *body, uint32_t len)
{
	const char *path, *token;
	if (xs_parse_watch_event(body, len, &path, &token) < 0)
		return; /* malformed: dropped */
	for (struct list *l = watches.next; l != &watches; l = l->next) {
		struct xs_watch *w = list_entry(l, struct xs_watch, link);
		if (!strcmp(w->token, token)) {
			w->pending++;
			event_signal(&w->ev);
		}
	}
}

/* Take every complete message off the response ring; -EPROTO if the ring
 * or a header is broken (the connection is then unusable). */
static int read_messages(void)
{
	static char body[XENSTORE_PAYLOAD_MAX + 1];
	for (;;) {
		XENSTORE_RING_IDX cons = ring->rsp_cons, prod = ring->rsp_prod;
		__atomic_thread_fence(__ATOMIC_ACQUIRE); /* the bytes after the index */
		int64_t used = xs_ring_used(cons, prod);
		struct xsd_sockmsg h;
		if (used < 0)
			return -EPROTO;
		if ((size_t)used < sizeof(h))
			return 0;
		xs_ring_get((const char *)ring->rsp, cons, prod, &h, sizeof(h));
		if (xs_check_header(&h) < 0)
			return -EPROTO;
		if ((size_t)used < sizeof(h) + h.len) {
			if (sizeof(h) + h.len > XENSTORE_RING_SIZE)
				return -EPROTO; /* can never fit: xenstored splits nothing */
			return 0;
		}
		xs_ring_get((const char *)ring->rsp, cons + sizeof(h), prod, body, h.len);
		body[h.len] = '\0';
		__atomic_thread_fence(__ATOMIC_SEQ_CST); /* done reading before freeing the space */
		ring->rsp_cons = cons + (XENSTORE_RING_IDX)(sizeof(h) + h.len);
		xen_evtchn_send(store_port);

		if (h.type == XS_WATCH_EVENT) {
			deliver_watch(body, h.len);
		} else if (cur.waiting && !cur.answered && h.req_id == cur.req_id) {
			cur.hdr = h;
			memcpy(cur.body, body, h.len + 1);
			cur.answered = 1;
			event_signal(&cur.done);
		} /* else: an answer nobody waits for any more (timed out): dropped */
	}
}

static void *reader(void *arg)
{
	(void)arg;
	for (;;) {
		event_wait(&rsp_ready);
		int rc = read_messages();
		if (rc < 0) {
			kprintf("amphi: xenstore sent a malformed message; xenstore disabled\n");
			state = rc;
			if (cur.waiting)
				event_signal(&cur.done);
			return NULL;
		}
	}
}

static int start(void)
{
	if (state)
		return state < 0 ? state : 0;
	void *page;
	if (xen_store_find(&page, &store_port) < 0) {
		state = -ENODEV;
		return state;
	}
	ring = page;
	waitq_init(&space_wq);
	event_init(&rsp_ready);
	event_init(&cur.done);
	if (!thread_create("xenstore", reader, NULL, 0))
		return -ENOMEM; /* not fatal: try again next time */
	int rc = evtchn_bind(store_port, ring_event, NULL);
	if (rc < 0) {
		state = rc;
		return rc;
	}
	state = 1;
	event_signal(&rsp_ready); /* anything already there */
	return 0;
}

static int write_request(const char *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		unsigned long irq = arch_irq_save();
		XENSTORE_RING_IDX cons = ring->req_cons, prod = ring->req_prod;
		int64_t used = xs_ring_used(cons, prod);
		if (used < 0) {
			arch_irq_restore(irq);
			return -EPROTO;
		}
		if (used == XENSTORE_RING_SIZE) {
			int rc = waitq_wait(&space_wq, time_now_ns() + REPLY_TIMEOUT_NS);
			arch_irq_restore(irq);
			if (rc < 0)
				return rc;
			continue;
		}
		arch_irq_restore(irq);
		__atomic_thread_fence(__ATOMIC_SEQ_CST); /* see the space before writing it */
		size_t n = xs_ring_put((char *)ring->req, cons, prod, buf + done, len - done);
		done += n;
		__atomic_thread_fence(__ATOMIC_RELEASE); /* the bytes before the index */
		ring->req_prod = prod + (XENSTORE_RING_IDX)n;
		xen_evtchn_send(store_port);
	}
	return 0;
}

/* One request and its validated reply: body length, or -errno. */
static int request(uint32_t type, uint32_t tx, const char *const *args, unsigned nargs, int last_nul,
		   char *out, size_t cap)
{
	int rc = start();
	if (rc < 0)
		return rc;
	mutex_lock(&req_lock);
	int len = xs_build(msg, sizeof(msg), type, ++last_req_id, tx, args, nargs, last_nul);
	if (len < 0) {
		rc = len;
		goto out;
	}
	cur.req_id = last_req_id;
	cur.answered = 0;
	cur.waiting = 1;
	rc = write_request(msg, (size_t)len);
	if (rc == 0)
		rc = event_wait_until(&cur.done, time_now_ns() + REPLY_TIMEOUT_NS);
	cur.waiting = 0;
	if (rc == 0 && !cur.answered)
		rc = state < 0 ? state : -EPROTO;
	if (rc == 0)
		rc = xs_check_reply(&cur.hdr, cur.body, type, cur.req_id);
	if (rc == 0) {
		if (out && cur.hdr.len + 1 > cap) {
			rc = -E2BIG;
		} else {
			if (out)
				memcpy(out, cur.body, cur.hdr.len + 1);
			rc = (int)cur.hdr.len;
		}
	}
out:
	mutex_unlock(&req_lock);
	return rc;
}

int xs_read(uint32_t tx, const char *path, char *buf, size_t cap)
{
	const char *a[] = { path };
	return request(XS_READ, tx, a, 1, 1, buf, cap);
}

int xs_write(uint32_t tx, const char *path, const char *value)
{
	const char *a[] = { path, value };
	int rc = request(XS_WRITE, tx, a, 2, 0, NULL, 0);
	return rc < 0 ? rc : 0;
}

int xs_rm(uint32_t tx, const char *path)
{
	const char *a[] = { path };
	int rc = request(XS_RM, tx, a, 1, 1, NULL, 0);
	return rc < 0 ? rc : 0;
}

int xs_directory(uint32_t tx, const char *path, char *buf, size_t cap, const char **names,
		 unsigned max)
{
	const char *a[] = { path };
	int len = request(XS_DIRECTORY, tx, a, 1, 1, buf, cap);
	return len < 0 ? len : xs_split(buf, (uint32_t)len, names, max);
}

int xs_transaction_start(uint32_t *tx)
{
	char id[16];
	const char *a[] = { "" };
	int len = request(XS_TRANSACTION_START, 0, a, 1, 1, id, sizeof(id));
	if (len < 0)
		return len;
	/* A decimal id, NUL-terminated, not 0. */
	uint32_t v = 0;
	if (len < 2 || id[len - 1] != '\0')
		return -EPROTO;
	for (int i = 0; i < len - 1; i++) {
		if (id[i] < '0' || id[i] > '9' || v > (UINT32_MAX - 9) / 10)
			return -EPROTO;
		v = v * 10 + (uint32_t)(id[i] - '0');
	}
	if (!v)
		return -EPROTO;
	*tx = v;
	return 0;
}

int xs_transaction_end(uint32_t tx, int commit)
{
	const char *a[] = { commit ? "T" : "F" };
	int rc = request(XS_TRANSACTION_END, tx, a, 1, 1, NULL, 0);
	return rc < 0 ? rc : 0;
}

int xs_transaction(int (*fn)(uint32_t tx, void *arg), void *arg)
{
	int rc = -EAGAIN;
	for (int tries = 0; tries < TX_RETRIES && rc == -EAGAIN; tries++) {
		uint32_t tx;
		if ((rc = xs_transaction_start(&tx)) < 0)
			return rc;
		rc = fn(tx, arg);
		if (rc < 0) {
			xs_transaction_end(tx, 0);
			return rc;
		}
		rc = xs_transaction_end(tx, 1);
	}
	return rc;
}

int xs_watch_add(struct xs_watch *w, const char *path)
{
	if (strlen(path) >= sizeof(w->path))
		return -ENAMETOOLONG;
	strcpy(w->path, path);
	ksnprintf(w->token, sizeof(w->token), "amphi-%lx", (unsigned long)(uintptr_t)w);
	w->pending = 0;
	event_init(&w->ev);
	int rc = start();
	if (rc < 0)
		return rc;
	/* Listed before asking: the first event may come right after the reply. */
	unsigned long irq = arch_irq_save();
	list_push_back(&watches, &w->link);
	arch_irq_restore(irq);
	const char *a[] = { w->path, w->token };
	rc = request(XS_WATCH, 0, a, 2, 1, NULL, 0);
	if (rc < 0) {
		irq = arch_irq_save();
		list_remove(&w->link);
		arch_irq_restore(irq);
		return rc;
	}
	return 0;
}

int xs_watch_wait(struct xs_watch *w, uint64_t deadline_ns)
{
	for (;;) {
		unsigned long irq = arch_irq_save();
		if (w->pending) {
			w->pending = 0;
			arch_irq_restore(irq);
			return 0;
		}
		arch_irq_restore(irq);
		if (event_wait_until(&w->ev, deadline_ns) < 0)
			return -ETIMEDOUT;
	}
}

int xs_watch_remove(struct xs_watch *w)
{
	const char *a[] = { w->path, w->token };
	int rc = request(XS_UNWATCH, 0, a, 2, 1, NULL, 0);
	unsigned long irq = arch_irq_save();
	list_remove(&w->link);
	arch_irq_restore(irq);
	return rc < 0 ? rc : 0;
}

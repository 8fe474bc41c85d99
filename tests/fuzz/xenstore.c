/* FUZZ_SOURCES: drivers/xen/xs_msg.c drivers/xen/xenbus.c kernel/printk.c tests/fuzz/host/kernel_shims.c platform/xen/store.c */
/* The xenstore client (drivers/xen/xenstore.c over xs_msg.c, and xenbus.c's
 * readers) against a hostile xenstored: the harness owns the other end of
 * the shared ring page. The input is a script: each step is one client call
 * (read, write, directory, transactions, watches, xenbus state) and the
 * answer xenstored gives it, which may be a correct reply with any body, an
 * error, a reply to another request, a watch event for any token, raw bytes,
 * corrupt ring indexes, or silence. Properties: no crash, no hang (every wait
 * has a deadline), every request the client writes is well-formed, and what
 * a call returns is consistent (lengths inside the caller's buffer,
 * NUL-terminated strings, transaction ids not 0). */
#include "fuzz.h"

#include "tests/fuzz/host/kernel_shims.h"

/* The client itself, for its state: every input starts a new connection. */
#include "drivers/xen/xenstore.c"

#include "drivers/xen/xenbus.h"

static struct xenstore_domain_interface page;
static struct fuzz_in script;
#define PORT 7

/* ---- the fake xenstored ---- */

static void rsp_put(const void *p, size_t len)
{
	XENSTORE_RING_IDX cons = page.rsp_cons, prod = page.rsp_prod;
	page.rsp_prod = prod + (XENSTORE_RING_IDX)xs_ring_put(page.rsp, cons, prod, p, len);
}

static void reply(uint32_t type, uint32_t req_id, uint32_t tx_id, const void *body, uint32_t len)
{
	struct xsd_sockmsg h = { .type = type, .req_id = req_id, .tx_id = tx_id, .len = len };
	rsp_put(&h, sizeof(h));
	rsp_put(body, len);
}

/* One request off the ring: the client must never write a malformed one. */
static int take_request(struct xsd_sockmsg *h, char *body)
{
	XENSTORE_RING_IDX cons = page.req_cons, prod = page.req_prod;
	int64_t used = xs_ring_used(cons, prod);
	FUZZ_ASSERT(used >= 0);
	if ((size_t)used < sizeof(*h))
		return 0;
	xs_ring_get(page.req, cons, prod, h, sizeof(*h));
	FUZZ_ASSERT(xs_check_header(h) == 0 && h->type != XS_ERROR && h->type != XS_WATCH_EVENT);
	if ((size_t)used < sizeof(*h) + h->len)
		return 0;
	xs_ring_get(page.req, cons + sizeof(*h), prod, body, h->len);
	page.req_cons = cons + (XENSTORE_RING_IDX)(sizeof(*h) + h->len);
	return 1;
}

/* xenstored's answer to one request, as the script says. */
static void answer(const struct xsd_sockmsg *req)
{
	uint8_t how = fuzz_u8(&script);
	size_t len;
	const uint8_t *body = fuzz_bytes(&script, fuzz_u16(&script) % (XENSTORE_PAYLOAD_MAX + 64), &len);
	switch (how % 9) {
	case 0: /* the right kind of reply, any body */
	case 1:
		reply(req->type, req->req_id, req->tx_id, body, (uint32_t)len);
		break;
	case 2: /* an error, any name */
		reply(XS_ERROR, req->req_id, req->tx_id, body, (uint32_t)len);
		break;
	case 3: /* a watch event first (any body), then the reply */
		reply(XS_WATCH_EVENT, 0, 0, body, (uint32_t)len);
		reply(req->type, req->req_id, req->tx_id, "0", 2);
		break;
	case 4: { /* any header at all, then the body */
		struct xsd_sockmsg h = { fuzz_u32(&script), fuzz_u32(&script), fuzz_u32(&script),
					 fuzz_u32(&script) };
		if (how & 0x10)
			h.len = (uint32_t)len;
		rsp_put(&h, sizeof(h));
		rsp_put(body, len);
		break;
	}
	case 5: /* raw bytes */
		rsp_put(body, len);
		break;
	case 6: /* indexes moved under the client's feet */
		page.rsp_prod = fuzz_u32(&script);
		page.rsp_cons = fuzz_u32(&script);
		break;
	case 7: /* the reply to an earlier request (a stale one) */
		reply(req->type, req->req_id - 1 - (how >> 4), req->tx_id, body, (uint32_t)len);
		break;
	case 8: /* silence: the client must give up at its deadline */
		break;
	}
}

void fuzz_backend_notified(evtchn_port_t port)
{
	FUZZ_ASSERT(port == PORT);
	struct xsd_sockmsg h;
	static char body[XENSTORE_PAYLOAD_MAX];
	while (take_request(&h, body))
		answer(&h);
	fuzz_evtchn_raise(PORT);
}

/* ---- the client's calls ---- */

static int is_string(const char *s, const char *buf, size_t cap)
{
	return s >= buf && s < buf + cap && memchr(s, '\0', (size_t)(buf + cap - s));
}

static int tx_body(uint32_t tx, void *arg)
{
	char v[16];
	(void)arg;
	int r = xs_read(tx, "control/shutdown", v, sizeof(v));
	return r == -E2BIG || r >= 0 ? xs_write(tx, "control/shutdown", "") : r;
}

static void call(uint8_t op)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	size_t cap = 1 + fuzz_u16(&script) % sizeof(buf);
	const char *names[8];
	int r;
	uint32_t tx = 0;
	long v;
	static struct xs_watch w;
	switch (op % 10) {
	case 0:
		r = xs_read(0, "device/vif/0/backend", buf, cap);
		FUZZ_ASSERT(r < 0 || ((size_t)r < cap && buf[r] == '\0'));
		break;
	case 1:
		r = xs_write(0, "device/vif/0/state", "4");
		FUZZ_ASSERT(r <= 0);
		break;
	case 2:
		r = xs_directory(0, "device/vif", buf, cap, names, 8);
		for (int i = 0; i < r && i < 8; i++)
			FUZZ_ASSERT(is_string(names[i], buf, cap));
		break;
	case 3:
		r = xs_transaction_start(&tx);
		FUZZ_ASSERT(r < 0 || tx != 0);
		if (r == 0)
			xs_transaction_end(tx, fuzz_u8(&script) & 1);
		break;
	case 4:
		xs_transaction(tx_body, NULL);
		break;
	case 5:
		if (xs_watch_add(&w, "backend/vif/1/0/state") == 0) {
			xs_watch_wait(&w, fuzz_now_ns + 1000000);
			xs_watch_remove(&w);
		}
		break;
	case 6:
		r = xenbus_read_int("backend/vif/1/0", "state", &v);
		FUZZ_ASSERT(r <= 0);
		break;
	case 7:
		r = xenbus_wait_state("backend/vif/1/0", 4, 1000000000ull);
		FUZZ_ASSERT(r < 0 || (r >= 4 && r <= 8)); /* a state that exists */
		break;
	case 8:
		xs_rm(0, "data/amphi");
		break;
	case 9:
		xenbus_set_state("device/vif/0", 3);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A fresh connection: xenstore.c's state as at boot. */
	fuzz_reset_kernel();
	memset(&page, 0, sizeof(page));
	memset(&cur, 0, sizeof(cur));
	state = 0;
	last_req_id = fuzz_u32(&(struct fuzz_in){ data, size }); /* ids wrap too */
	list_init(&watches);
	xen_store_ring = &page;
	xen_store_port = PORT;
	script = (struct fuzz_in){ data, size };
	fuzz_u32(&script);
	for (int steps = 0; script.n && steps < 64; steps++)
		call(fuzz_u8(&script));
	return 0;
}

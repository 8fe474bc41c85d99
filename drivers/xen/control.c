/* Xen's PV control interface (control.h): a thread advertises what the
 * guest obeys and follows control/shutdown. */
#include "control.h"

#include <errno.h>
#include <stdlib.h>

#include "kernel/device.h"
#include "kernel/printk.h"
#include "kernel/thread.h"
#include "platform/xen/xen.h"
#include "xenstore.h"

#define NODE "control/shutdown"

struct request {
	char value[32]; /* the words we obey are shorter */
	int len;        /* -E2BIG: longer than value */
};

/* Read the request and empty the node in one transaction: emptying is the
 * acknowledgement libxl waits for, and a request written meanwhile makes
 * the commit fail (-EAGAIN), so it is read again instead of lost. */
static int take_request(uint32_t tx, void *arg)
{
	struct request *r = arg;
	r->len = xs_read(tx, NODE, r->value, sizeof(r->value));
	if (r->len < 0 && r->len != -E2BIG)
		return r->len; /* -ENOENT: nothing was ever asked */
	return r->len == 0 ? 0 : xs_write(tx, NODE, "");
}

static void *control_thread(void *arg)
{
	(void)arg;
	static struct xs_watch watch;
	/* Advertised as Linux does (libxl made these nodes ours to write). */
	int rc = xs_write(0, "control/feature-poweroff", "1");
	if (rc == 0)
		rc = xs_write(0, "control/feature-reboot", "1");
	if (rc == 0)
		rc = xs_watch_add(&watch, NODE);
	if (rc < 0) {
		kprintf("amphi: no Xen control interface (xenstore error %d): xl shutdown cannot reach us\n", rc);
		return NULL;
	}
	for (;;) {
		xs_watch_wait(&watch, 0); /* a change, or the first event right after xs_watch_add */
		struct request r;
		rc = xs_transaction(take_request, &r);
		if (rc == -ENOENT)
			continue;
		if (rc < 0) {
			kprintf("amphi: cannot read Xen's shutdown request (xenstore error %d)\n", rc);
			continue;
		}
		if (r.len < 0) {
			kprintf("amphi: ignoring an over-long shutdown request from Xen\n");
			continue;
		}
		enum xen_shutdown_req req = xen_shutdown_parse(r.value, (size_t)r.len);
		char shown[sizeof(r.value)];
		xen_shutdown_printable(r.value, (size_t)r.len, shown, sizeof(shown));
		if (req == XEN_REQ_OTHER) {
			kprintf("amphi: ignoring shutdown request '%s' from Xen (only poweroff, halt and reboot are supported)\n",
				shown);
		} else if (req != XEN_REQ_NONE) {
			kprintf("amphi: shutdown requested by Xen (%s)\n", shown);
			/* The app's normal end: atexit handlers, stdio flushed, then
			 * SCHEDOP_shutdown (shutdown.c) with the reason asked for. */
			if (req == XEN_REQ_REBOOT)
				xen_shutdown_as_reboot();
			exit(0);
		}
	}
}

/* Started first (DRIVER_ORDER_CONTROL), off Xen too, where there is no
 * xenstore and nothing to do. A cooperative scheduler runs the thread
 * whenever main() blocks or sleeps; an app that never does cannot be shut
 * down this way. */
static void control_start(void)
{
	if (xen_store_find(NULL, NULL) == 0 && !thread_create("xen-control", control_thread, NULL, 0))
		kprintf("amphi: no memory for the Xen control thread: xl shutdown cannot reach us\n");
}

DRIVER(control_driver, .name = "xen-control", .order = DRIVER_ORDER_CONTROL, .start = control_start);

/* Xenbus state handling (xenbus.h). */
#include "xenbus.h"

#include <errno.h>
#include <stdio.h>

#include "kernel/printk.h"
#include "kernel/thread.h"
#include "platform/xen/xen.h"
#include "xenstore.h"

#include <xen/io/xenbus.h>

/* dir/node into path; -ENAMETOOLONG rather than a cut path, which would
 * name another node. */
static int node_path(char *path, size_t cap, const char *dir, const char *node)
{
	int n = ksnprintf(path, cap, "%s/%s", dir, node);
	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : 0;
}

int xenbus_read_int(const char *dir, const char *node, long *value)
{
	char path[192], buf[24];
	int n = node_path(path, sizeof(path), dir, node);
	if (n == 0)
		n = xs_read(0, path, buf, sizeof(buf));
	if (n < 0)
		return n;
	long v = 0;
	int neg = n > 0 && buf[0] == '-';
	if (n == neg || n > 18)
		return -EPROTO;
	for (int i = neg; i < n; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -EPROTO;
		v = v * 10 + (buf[i] - '0');
	}
	*value = neg ? -v : v;
	return 0;
}

int xenbus_set_state(const char *dir, int state)
{
	char path[192], val[12]; /* any int, "-2147483648" */
	int rc = node_path(path, sizeof(path), dir, "state");
	if (rc < 0)
		return rc;
	ksnprintf(val, sizeof(val), "%d", state);
	return xs_write(0, path, val);
}

int xenbus_wait_state(const char *dir, int want, uint64_t timeout_ns)
{
	struct xs_watch w;
	char path[192];
	int rc = node_path(path, sizeof(path), dir, "state");
	if (rc == 0)
		rc = xs_watch_add(&w, path);
	if (rc < 0)
		return rc;
	uint64_t deadline = time_now_ns() + timeout_ns;
	for (;;) {
		long state = XenbusStateUnknown;
		rc = xenbus_read_int(dir, "state", &state);
		if (rc == 0 && (state < XenbusStateUnknown || state > XenbusStateReconfigured)) {
			rc = -EPROTO; /* no such state: never cut to an int that looks like one */
			break;
		}
		if (rc == 0 && state >= want) {
			rc = (int)state;
			break;
		}
		if (rc == 0 && state >= XenbusStateClosing) {
			rc = -ENODEV; /* going away instead */
			break;
		}
		if (rc == -ENOENT && want >= XenbusStateClosing) {
			rc = XenbusStateClosed; /* removed altogether */
			break;
		}
		if (rc < 0 && rc != -ENOENT)
			break;
		if (xs_watch_wait(&w, deadline) < 0) {
			rc = -ETIMEDOUT;
			break;
		}
	}
	xs_watch_remove(&w);
	return rc;
}

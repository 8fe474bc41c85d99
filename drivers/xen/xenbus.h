/* Xenbus: how a frontend and its backend agree on a device, through each
 * side's "state" node in xenstore (enum xenbus_state in xen/io/xenbus.h). */
#ifndef AMPHI_XEN_XENBUS_H
#define AMPHI_XEN_XENBUS_H

#include <stdint.h>

/* The number in dir/node, or -errno (-EPROTO when it is not a number). */
int xenbus_read_int(const char *dir, const char *node, long *value);
/* Write our state into dir/state. */
int xenbus_set_state(const char *dir, int state);
/* Wait until the state in dir/state is at least want: the state reached, or
 * -ENODEV when it went to Closing/Closed instead, -ETIMEDOUT. Waiting for
 * Closing or Closed, a node that disappears counts as Closed. */
int xenbus_wait_state(const char *dir, int want, uint64_t timeout_ns);

#endif

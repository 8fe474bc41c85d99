/*
 * What Xen drivers (drivers/xen/) may use of the Xen platform, PV and PVH
 * alike: event channels, grant tables, the xenstore ring the domain builder
 * left, and how the domain ends. Nothing else of platform/xen is theirs.
 */
#ifndef AMPHI_XEN_H
#define AMPHI_XEN_H

#include "evtchn.h"
#include "gnttab.h"

/* The xenstore ring page and its event channel, as the domain builder left
 * them: 0, or -ENODEV when there is none (not on Xen). Either pointer may
 * be NULL. */
int xen_store_find(void **ring, evtchn_port_t *port);

/* The PV console's ring (output is the platform's, input the console
 * driver's: drivers/xen/console_in.c) and its event channel: 0, or -ENODEV
 * when there is none. */
struct xencons_interface;
int xen_console_find(volatile struct xencons_interface **ring, evtchn_port_t *port);

/* The toolstack asked for a reboot: the app's exit then ends the domain
 * with SHUTDOWN_reboot instead of SHUTDOWN_poweroff. */
void xen_shutdown_as_reboot(void);

#endif

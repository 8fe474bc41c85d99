/* State every Xen guest has, whichever way it was entered. */
#include <errno.h>

#include "kernel/printk.h"
#include "platform/platform.h"
#include "xen.h"
#include "xen_internal.h"

struct shared_info *xen_shared;
const struct xen_ops *xen_ops;

int xen_common_init(const struct xen_ops *ops, struct shared_info *shared, void *console_ring,
		    evtchn_port_t console_port, void *store_ring, evtchn_port_t store_port,
		    uint64_t entry_tsc)
{
	xen_ops = ops;
	if (console_ring)
		xen_console_init(console_ring, console_port);
	if (store_ring)
		xen_store_ring = store_ring, xen_store_port = store_port;
	if (!shared) {
		kprintf("amphi: Xen refused to map shared info\n");
		return -EIO;
	}
	xen_shared = shared;
	xen_time_init(entry_tsc);
	return 0;
}

int xen_common_late_init(const char *events, uint64_t console_pfn, uint64_t store_pfn)
{
	int rc = xen_timer_init();
	if (rc < 0)
		return rc;
	if (kernel_verbose())
		kprintf("amphi: Xen events on %s, console pfn %#lx, xenstore pfn %#lx\n", events,
			(unsigned long)console_pfn, (unsigned long)store_pfn);
	return 0;
}

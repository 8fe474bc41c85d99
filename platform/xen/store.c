/* The xenstore ring the domain builder left, for the xenstore client
 * (platform/xen/xen.h). A file of its own: the fuzz harnesses link it. */
#include <errno.h>

#include "xen.h"
#include "xen_internal.h"

void *xen_store_ring;
evtchn_port_t xen_store_port;

int xen_store_find(void **ring, evtchn_port_t *port)
{
	if (!xen_store_ring)
		return -ENODEV;
	if (ring)
		*ring = xen_store_ring;
	if (port)
		*port = xen_store_port;
	return 0;
}

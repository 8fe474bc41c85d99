/* State every Xen guest has, whichever way it was entered. */
#include "xen_internal.h"

struct shared_info *xen_shared;
void *xen_store_ring;
evtchn_port_t xen_store_port;
const struct xen_ops *xen_ops;

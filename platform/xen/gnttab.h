/* Grant tables, version 1: let another domain (a backend) map or copy one
 * of our pages. The table is set up on first use. */
#ifndef AMPHI_XEN_GNTTAB_H
#define AMPHI_XEN_GNTTAB_H

#include <stdint.h>

#include "xenabi.h"

/* Grant domain dom access to the page at physical address pa; returns the
 * grant reference, or -ENOSPC (table full) / -errno (no table). */
int gnttab_grant(domid_t dom, uint64_t pa, int readonly);
/* Revoke a grant and free its reference: 0, or -EBUSY while the other side
 * still has the page mapped (the reference then stays allocated: call
 * again later), or -EINVAL for a reference that is not ours. */
int gnttab_end(uint32_t ref);

#endif

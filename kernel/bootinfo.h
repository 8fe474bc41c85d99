/* Helpers for entry points filling a struct boot_info. */
#ifndef AMPHI_BOOTINFO_H
#define AMPHI_BOOTINFO_H

#include "platform.h"

/* Add a memory-map entry, keeping the map sorted by address and skipping
 * empty entries (QEMU's microvm map is unsorted and ends with one).
 * Returns 0, or -1 if the map is full. */
int bootinfo_add_mem(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type);

#endif

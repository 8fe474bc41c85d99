/* Helpers for entry points filling a struct boot_info. Pure logic
 * (host-tested: tests/unit/test_bootinfo.c). */
#ifndef AMPHI_BOOTINFO_H
#define AMPHI_BOOTINFO_H

#include "platform/platform.h"

/* Add a memory-map entry, keeping the map sorted by address and skipping
 * empty entries (QEMU's microvm map is unsorted and ends with one). An entry
 * reaching past 2^64 is cut at the last page below it. Returns 0, or -1 (and
 * bi->error set) if the map is full. */
int bootinfo_add_mem(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type);

/* Resolve overlapping entries: where entries overlap, the most restrictive
 * type wins (unusable, reserved, ACPI NVS, ACPI, then RAM), so RAM never
 * covers what firmware reserved. Neighbours of one type are merged. Returns
 * 0, or -1 (bi->error set) if the result has more than BOOT_MEM_MAX entries. */
int bootinfo_normalize(struct boot_info *bi);

/* Copy the loader's command line: at most avail bytes are readable at src.
 * A line without its NUL in the first BOOT_CMDLINE_MAX bytes (4,096 or more
 * bytes: it would be cut) sets bi->error and returns -1; 0 otherwise. */
int bootinfo_set_cmdline(struct boot_info *bi, const char *src, size_t avail);

#endif

/* The UEFI memory map, as the loader needs it. */
#ifndef AMPHI_EFI_MEMMAP_H
#define AMPHI_EFI_MEMMAP_H

#include <efi.h>

#include "boot/pvh/hvm_start_info.h"

struct efi_map {
	void *buf;
	UINTN size, desc_size; /* bytes in buf, bytes per descriptor */
};

/* Is the firmware's descriptor size one the loader can walk (at least the
 * structure, 8-byte aligned, at most 4 KiB)? The other calls treat a map
 * with a bad one as empty. */
int memmap_desc_size_ok(const struct efi_map *m);

/* Will [lo, hi) be free RAM once boot services are gone? Returns 1 if so;
 * else 0 with *bad = the first address that is not, *type = its UEFI memory
 * type (or ~0u: not in the map at all). */
int memmap_free_after_exit(const struct efi_map *m, uint64_t lo, uint64_t hi, uint64_t *bad,
			   uint32_t *type);

/* The map in E820 terms, sorted, neighbours of one type merged; at most max
 * entries. Returns the number of entries. */
unsigned memmap_to_e820(const struct efi_map *m, struct hvm_memmap_table_entry *out, unsigned max);

#endif

/* The PVH loader's hvm_start_info turned into a struct boot_info: pure, so
 * tests/fuzz/bootinfo.c runs it over any start info a loader could hand over. */
#ifndef AMPHI_PVH_INFO_H
#define AMPHI_PVH_INFO_H

#include <stdint.h>

#include "hvm_start_info.h"
#include "platform.h"

/* Fill bi (zeroed by the caller) from si: command line, modules, memory map.
 * phys(pa, len): the loader's memory, a pointer to [pa, pa+len) if the whole
 * range can be read, else NULL (the PVH entry maps the first 4 GiB). */
void pvh_boot_info(struct boot_info *bi, const struct hvm_start_info *si,
		   const void *(*phys)(uint64_t pa, uint64_t len));

#endif

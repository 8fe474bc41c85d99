/* The PVH loader's hvm_start_info turned into a struct boot_info: pure, so
 * tests/fuzz/bootinfo.c runs it over any start info a loader could hand over. */
#ifndef AMPHI_X86_PVH_INFO_H
#define AMPHI_X86_PVH_INFO_H

#include <stdint.h>

#include "hvm_start_info.h"
#include "platform.h"

/* The loader's memory: len bytes at physical paddr, or NULL when they are
 * out of reach (the PVH entry maps the first 4 GiB). */
typedef const void *(*pvh_phys_fn)(uint64_t paddr, uint64_t len);

/* Fill bi (zeroed by the caller) from si: command line, modules, memory map. */
void pvh_bootinfo(struct boot_info *bi, const struct hvm_start_info *si, pvh_phys_fn phys);

#endif

/* The PVH loader's hvm_start_info turned into a struct boot_info, everything
 * checked: pure, so the PVH entry, tests/unit/test_pvh_info.c and the fuzz
 * harness (tests/fuzz/bootinfo.c) run the same code. */
#ifndef AMPHI_X86_PVH_INFO_H
#define AMPHI_X86_PVH_INFO_H

#include <stdint.h>

#include "hvm_start_info.h"
#include "platform/platform.h"

/* The loader's memory: len bytes at physical paddr, or NULL when they are
 * out of reach (the PVH entry maps the first 4 GiB). */
typedef const void *(*pvh_phys_fn)(uint64_t paddr, uint64_t len);

/* Fill bi (zeroed by the caller) from si: command line, modules, memory map
 * (sorted, overlaps resolved: bootinfo_normalize). A command line of 4,096
 * bytes or more, a module list or memory map that is too long, lies outside
 * the loader's memory or wraps past 2^64 sets bi->error (the first problem
 * found), which the kernel reports with status 126. */
void pvh_bootinfo(struct boot_info *bi, const struct hvm_start_info *si, pvh_phys_fn phys);

#endif

/* The PVH hvm_start_info turned into a struct boot_info, everything checked
 * (pure logic: the PVH entry and tests/unit/test_pvh_info.c). */
#ifndef AMPHI_PVH_INFO_H
#define AMPHI_PVH_INFO_H

#include "hvm_start_info.h"
#include "platform.h"

/* phys(pa, len): a pointer to [pa, pa+len) if the whole range can be read,
 * else NULL. Fills bi from si; a command line of 4,096 bytes or more, a
 * module list or memory map that is too long, outside memory or wraps past
 * 2^64 sets bi->error (the first problem found). */
void pvh_boot_info(struct boot_info *bi, const struct hvm_start_info *si,
		   const void *(*phys)(uint64_t pa, uint64_t len));

#endif

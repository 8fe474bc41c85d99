/*
 * What the UEFI loader's C code leaves for its last, assembly step
 * (trampoline.S): where each kernel segment goes, the PVH entry point and the
 * hvm_start_info. 32-bit fields: all of it lies below 4 GiB, where the
 * trampoline runs with paging off.
 */
#ifndef AMPHI_EFI_HANDOFF_H
#define AMPHI_EFI_HANDOFF_H

#define HANDOFF_ENTRY 0      /* physical address of the PVH entry */
#define HANDOFF_START_INFO 4 /* physical address of the hvm_start_info (-> %ebx) */
#define HANDOFF_NSEG 8
#define HANDOFF_SEG 16 /* struct handoff_seg[HANDOFF_MAX_SEGS] */
#define HANDOFF_MAX_SEGS 8

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Copy filesz bytes from src to dst, then zero up to memsz (.bss). */
struct handoff_seg {
	uint32_t dst, src, filesz, memsz;
};

struct handoff {
	uint32_t entry, start_info, nseg, pad;
	struct handoff_seg seg[HANDOFF_MAX_SEGS];
};

_Static_assert(__builtin_offsetof(struct handoff, seg) == HANDOFF_SEG, "trampoline.S offsets");

/* trampoline.S: called after ExitBootServices; never returns. */
__attribute__((noreturn)) void efi_enter_kernel(const struct handoff *h);
extern const char efi_enter_kernel_end[];
#endif

#endif

/*
 * C side of the Xen PV entry (pv_entry.S): Xen's start_info page turned into
 * a struct boot_info, then the kernel on the Xen PV platform, which reads its
 * own part of that page (rings, shared info, page tables) in its init.
 */
#include <stdint.h>

#include "arch/x86/entropy.h"
#include "kernel/ssp.h"
#include "platform/platform.h"
#include "pv_info.h"

extern uint64_t boot_entry_tsc;
extern char __image_end[];
extern const struct platform platform_xen_pv;

static struct boot_info bi;

/* The first C code: the stack canary is set before any protected function
 * is entered, so this one is not protected itself. */
__attribute__((noreturn, no_stack_protector)) void x86_xen_pv_start(start_info_t *si)
{
	const char *source;
	uint64_t entropy = x86_boot_entropy(&source);
	ssp_set_guard(entropy, source);
	bi.entry_tsc = boot_entry_tsc;
	bi.platform_data = si;
	xen_pv_bootinfo(&bi, si, (uintptr_t)__image_end);
	if (platform_xen_pv.probe(&bi))
		kernel_main(&bi, &platform_xen_pv);
	__builtin_trap(); /* not Xen's start_info: no console to say so; Xen sees a crash */
}

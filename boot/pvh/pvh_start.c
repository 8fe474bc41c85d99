/*
 * C side of the PVH entry (pvh_entry.S): turn the loader's hvm_start_info into
 * a struct boot_info, set up the CPU, pick the platform for the hypervisor we
 * find, and enter the kernel.
 */
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/entropy.h"
#include "hvm_start_info.h"
#include "kernel/ssp.h"
#include "platform/platform.h"
#include "pvh_info.h"

extern uint64_t boot_entry_tsc;
extern const struct platform platform_pc, platform_xen_pvh;

/* Every platform the PVH entry can bind, most specific first. */
static const struct platform *const pvh_platforms[] = {
	&platform_xen_pvh,
	&platform_pc,
};

static struct boot_info bi;

/* What pvh_entry.S maps: the first 4 GiB, identity. */
static const void *boot_phys(uint64_t pa, uint64_t len)
{
	const uint64_t mapped = 1ull << 32;
	return pa && pa < mapped && len <= mapped - pa ? (const void *)(uintptr_t)pa : NULL;
}

__attribute__((noreturn)) static void stop(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* The first C code: the stack canary is set before any protected function
 * is entered, so this one is not protected itself. */
__attribute__((noreturn, no_stack_protector)) void x86_pvh_start(uint32_t start_info_pa)
{
	const char *source;
	uint64_t entropy = x86_boot_entropy(&source);
	ssp_set_guard(entropy, source);
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info_pa;
	cpu_init();
	if (si->magic != XEN_HVM_START_MAGIC_VALUE)
		stop(); /* not a PVH boot: there is no console we could trust yet */

	bi.entry_tsc = boot_entry_tsc;
	pvh_bootinfo(&bi, si, boot_phys);

	for (size_t i = 0; i < sizeof(pvh_platforms) / sizeof(pvh_platforms[0]); i++)
		if (pvh_platforms[i]->probe(&bi))
			kernel_main(&bi, pvh_platforms[i]);
	stop();
}

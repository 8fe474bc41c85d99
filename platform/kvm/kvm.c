/*
 * QEMU/KVM (and QEMU TCG, and anything PC-like that is not Xen): COM1 console,
 * native page tables, TSC + CMOS clocks, power-off through isa-debug-exit, then
 * ACPI, then a triple fault.
 */
#include "acpi.h"
#include "clock.h"
#include "cpu.h"
#include "hypervisor.h"
#include "io.h"
#include "pagetable.h"
#include "platform.h"
#include "uart/uart16550.h"

/* QEMU's `-device isa-debug-exit,iobase=0xf4,iosize=4`: exits with (v << 1) | 1. */
#define DEBUG_EXIT_PORT 0xf4

static uint64_t rsdp_paddr;
static uint64_t boot_tsc;

static int kvm_probe(const struct boot_info *bi)
{
	(void)bi;
	struct hv_info hv;
	hv_detect(&hv);
	return hv.type != HV_XEN;
}

static void kvm_init(struct boot_info *bi)
{
	rsdp_paddr = bi->rsdp_paddr;
	boot_tsc = bi->entry_tsc;
	uart16550_init(COM1_PORT);
}

static void kvm_console_write(const char *buf, size_t len) { uart16550_write(COM1_PORT, buf, len); }

static uint64_t kvm_monotonic_ns(void) { return tsc_to_ns(rdtsc() - boot_tsc); }

static uint64_t kvm_wallclock_ns(void)
{
	static uint64_t base_ns, base_mono;
	if (!base_ns) {
		base_ns = cmos_rtc_epoch() * 1000000000ull;
		base_mono = kvm_monotonic_ns();
	}
	return base_ns + (kvm_monotonic_ns() - base_mono);
}

__attribute__((noreturn)) static void kvm_poweroff(int status)
{
	outl(DEBUG_EXIT_PORT, (uint32_t)status);
	/* No exit device: a plain `qemu -kernel app.elf` still ends, with status 0. */
	acpi_poweroff(rsdp_paddr);
	/* No ACPI either (microvm,acpi=off): a triple fault ends QEMU under -no-reboot. */
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} null_idt = { 0, 0 };
	__asm__ volatile("lidt %0; int3" : : "m"(null_idt));
	for (;;)
		__asm__ volatile("cli; hlt");
}

const struct platform platform_kvm = {
	.name = "kvm",
	.probe = kvm_probe,
	.init = kvm_init,
	.console_write = kvm_console_write,
	.pt_init = x86_pt_init,
	.pt_map = x86_pt_map,
	.pt_unmap = x86_pt_unmap,
	.pt_protect = x86_pt_protect,
	.pt_lookup = x86_pt_lookup,
	.pt_activate = x86_pt_activate,
	.monotonic_ns = kvm_monotonic_ns,
	.wallclock_ns = kvm_wallclock_ns,
	.poweroff = kvm_poweroff,
};

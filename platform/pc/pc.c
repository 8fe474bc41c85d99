/*
 * QEMU/KVM (and QEMU TCG, and anything PC-like that is not Xen): COM1 console,
 * native page tables, local APIC + IOAPIC interrupts with a tickless one-shot
 * timer, kvmclock when the hypervisor offers it (else TSC + CMOS clocks),
 * power-off through isa-debug-exit, then ACPI, then a triple fault.
 */
#include <errno.h>

#include "acpi.h"
#include "arch/io.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/hypervisor.h"
#include "arch/x86/msr.h"
#include "arch/x86/pagetable.h"
#include "arch/x86/pvclock_clock.h"
#include "arch/x86/tsc.h"
#include "clock.h"
#include "drivers/uart/uart16550.h"
#include "interrupts.h"
#include "kernel/printk.h"
#include "platform/platform.h"
#include "qemu_ports.h"

#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3) /* CPUID 0x40000001 EAX */

static uint64_t rsdp_paddr;
static uint64_t boot_tsc;

static int pc_probe(const struct boot_info *bi)
{
	(void)bi;
	struct hv_info hv;
	hv_detect(&hv);
	return hv.type != HV_XEN;
}

static int pc_init(struct boot_info *bi)
{
	rsdp_paddr = bi->rsdp_paddr;
	boot_tsc = bi->entry_tsc;
	tsc_set_calibrator(pit_measure_tsc_hz);
	uart16550_init(COM1_PORT);
	return 0;
}

static void pc_console_write(const char *buf, size_t len) { uart16550_write(COM1_PORT, buf, len); }

/* kvmclock: the hypervisor keeps these up to date once registered. The image
 * is identity-mapped, so their addresses are physical addresses. The time
 * info must not cross a page, the wall clock needs 4-byte alignment. */
static struct pvclock_vcpu_time_info kvmclock __attribute__((aligned(64)));
static struct pvclock_wall_clock kvm_wall __attribute__((aligned(64)));
static struct pvclock_clock clock;
static int use_kvmclock;
static uint64_t wall_at_zero; /* wall-clock ns when the monotonic clock read 0 */

static uint64_t tsc_monotonic_ns(void)
{
	tsc_hz(); /* measured on first use (~10 ms): read the TSC after that, not before */
	return tsc_to_ns(rdtsc() - boot_tsc);
}

static uint64_t pc_monotonic_ns(void)
{
	if (!use_kvmclock)
		return tsc_monotonic_ns(); /* one vCPU: its TSC never goes back */
	return pvclock_clock_ns(&clock);
}

/* Switch the clocks to kvmclock if the hypervisor has it. Nothing has read
 * the monotonic clock yet (late_init runs before the app). */
static void kvmclock_init(void)
{
	struct hv_info hv;
	uint32_t r[4];
	hv_detect(&hv);
	if (hv.type != HV_KVM)
		return;
	cpuid(hv.base + 1, 0, r);
	if (!(r[0] & KVM_FEATURE_CLOCKSOURCE2))
		return;
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uint64_t)(uintptr_t)&kvmclock | 1 /* enable */);
	wrmsr(MSR_KVM_WALL_CLOCK_NEW, (uint64_t)(uintptr_t)&kvm_wall);
	pvclock_clock_init(&clock, &kvmclock, boot_tsc);
	/* The wall clock struct holds the wall time at kvmclock time 0. */
	wall_at_zero = pvclock_wall_ns(&kvm_wall, NULL) + clock.offset;
	use_kvmclock = 1;
}

static uint64_t pc_wallclock_ns(void)
{
	static uint64_t base_ns, base_mono;
	if (use_kvmclock)
		return wall_at_zero + pc_monotonic_ns();
	if (!base_ns) {
		base_ns = cmos_rtc_epoch() * 1000000000ull;
		base_mono = pc_monotonic_ns();
	}
	return base_ns + (pc_monotonic_ns() - base_mono);
}

/* The TSC value at which the monotonic clock reads at least ns. */
static uint64_t monotonic_to_tsc(uint64_t ns)
{
	if (use_kvmclock)
		return pvclock_ns_to_tsc(&kvmclock, pvclock_clock_system_time(&clock, ns));
	/* Round up: the clock must have reached ns when the timer fires. */
	unsigned __int128 ticks = ((unsigned __int128)ns * tsc_hz() + 999999999) / 1000000000;
	return ticks > UINT64_MAX - boot_tsc ? UINT64_MAX : boot_tsc + (uint64_t)ticks;
}

static void pc_timer_set(uint64_t deadline_ns)
{
	if (deadline_ns == UINT64_MAX)
		apic_timer_disarm();
	else
		apic_timer_arm(monotonic_to_tsc(deadline_ns));
}

/* The timer only has to wake the CPU: the scheduler runs due timers itself
 * once idle() returns. */
static void timer_interrupt(void *arg)
{
	(void)arg;
	kernel_timer_interrupt();
}

static int pc_late_init(void)
{
	static int done;
	if (done)
		return 0;
	int rc = pc_irq_init(rsdp_paddr);
	if (rc < 0)
		return rc;
	kvmclock_init();
	struct irq_request timer = { .source = IRQ_FROM_VECTOR }; /* the local APIC's timer */
	if (irq_request(&timer, timer_interrupt, NULL) < 0) {
		kprintf("amphi: no interrupt vector left for the timer\n");
		return -ENOSPC;
	}
	int mode = apic_timer_init((uint8_t)timer.vector);
	done = 1;
	if (kernel_verbose())
		kprintf("amphi: timer %s on vector %#x, clock %s\n",
			mode == APIC_TIMER_TSC_DEADLINE ? "TSC-deadline" : "LAPIC one-shot", timer.vector,
			use_kvmclock ? "kvmclock" : "TSC");
	return 0;
}

__attribute__((noreturn)) static void pc_poweroff(int status)
{
	outl(DEBUG_EXIT_PORT, (uint32_t)status);
	/* No exit device: a panic is reported to a pvpanic device if there is one
	 * (an absent port reads 0xff), so that libvirt sees the domain crash
	 * rather than shut down. QEMU then stops the guest. */
	if (status == EXIT_STATUS_PANIC) {
		uint8_t events = inb(PVPANIC_PORT);
		if (events != 0xff && (events & PVPANIC_PANICKED))
			outb(PVPANIC_PORT, PVPANIC_PANICKED);
	}
	/* A plain `qemu -kernel app.elf` still ends, with status 0. */
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

const struct platform platform_pc = {
	.name = "pc",
	.probe = pc_probe,
	.init = pc_init,
	.console_write = pc_console_write,
	.pt_init = x86_pt_init,
	.pt_map = x86_pt_map,
	.pt_unmap = x86_pt_unmap,
	.pt_protect = x86_pt_protect,
	.pt_lookup = x86_pt_lookup,
	.pt_activate = x86_pt_activate,
	.monotonic_ns = pc_monotonic_ns,
	.wallclock_ns = pc_wallclock_ns,
	.late_init = pc_late_init,
	.timer_set = pc_timer_set,
	.idle = x86_idle,
	.poweroff = pc_poweroff,
};

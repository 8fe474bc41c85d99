/*
 * Xen PV guest: entered at xen_pv_entry (boot/xen-pv) unprivileged, so what
 * the CPU does natively elsewhere is asked of Xen: traps through a trap
 * table, the interrupt flag is vcpu_info's event mask (x86_irq_ops), page
 * tables through mmu_update (pv_pagetable.c), idle through SCHEDOP_block.
 * Everything above that (console ring, events, time, shutdown) is shared
 * with the PVH platform. Xen already enabled SSE (CR4.OSFXSR) for us.
 */
#include <errno.h>
#include <string.h>

#include "arch/x86/cpu.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "platform/platform.h"
#include "pv.h"

#define RFLAGS_IF (1ul << 9)
#define TRAP_EVENTS_OFF 4 /* trap_info.flags: mask events on entry, like an interrupt gate */

extern const char xen_pv_trap_stubs[]; /* vector v's stub at + v * 16 */
extern void xen_pv_upcall(void);

/* Its frame is swapped for Xen's shared info page (the VA is all we use). */
static uint8_t shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint64_t shared_info_mfn, console_pfn, store_pfn, boot_root_pfn;
static uintptr_t p2m_va;
static size_t p2m_len;

static volatile struct vcpu_info *vcpu(void) { return &xen_shared->vcpu_info[0]; }

static unsigned long pv_irq_save(void)
{
	uint8_t was = vcpu()->evtchn_upcall_mask;
	vcpu()->evtchn_upcall_mask = 1;
	__asm__ volatile("" : : : "memory");
	return was ? 0 : RFLAGS_IF;
}

static void pv_irq_enable(void)
{
	__asm__ volatile("" : : : "memory");
	vcpu()->evtchn_upcall_mask = 0;
	__asm__ volatile("" : : : "memory");
	/* Events that came while masked: any hypercall returns through Xen's
	 * event delivery, so a cheap one runs the upcall now. */
	if (vcpu()->evtchn_upcall_pending)
		hypercall2(__HYPERVISOR_xen_version, XENVER_version, NULL);
}

static uint64_t pv_fault_address(void) { return vcpu()->arch.cr2; }

static const struct x86_irq_ops pv_irq_ops = {
	.save = pv_irq_save,
	.enable = pv_irq_enable,
	.fault_address = pv_fault_address,
};

static void set_traps(void)
{
	static struct trap_info table[33]; /* ends with an all-zero entry */
	for (unsigned v = 0; v < 32; v++)
		table[v] = (struct trap_info){
			.vector = (uint8_t)v,
			.flags = TRAP_EVENTS_OFF | (v == 3 ? 3 : 0), /* int3 allowed from anywhere */
			.cs = FLAT_KERNEL_CS,
			.address = (unsigned long)(xen_pv_trap_stubs + v * 16),
		};
	hypercall1(__HYPERVISOR_set_trap_table, table);
	hypercall1(__HYPERVISOR_fpu_taskswitch, 0); /* CR0.TS clear: no #NM, FPU always usable */
}

/* Xen names the grant table's machine frames; we map them at va. */
static int pv_grant_frames(void *va, unsigned n)
{
	xen_pfn_t mfns[16];
	if (n > 16)
		return -EINVAL;
	struct gnttab_setup_table op = { .dom = DOMID_SELF, .nr_frames = n };
	set_xen_guest_handle(op.frame_list, mfns);
	long rc = xen_grant_table_op(GNTTABOP_setup_table, &op, 1);
	if (rc == 0 && op.status != GNTST_okay)
		rc = -EIO;
	for (unsigned i = 0; i < n && rc == 0; i++)
		rc = pv_pt_map_mfn((uintptr_t)va + i * PAGE_SIZE, mfns[i], PT_READ | PT_WRITE);
	return (int)rc;
}

static const struct xen_ops pv_ops = { .grant_frames = pv_grant_frames, .gfn = pv_pfn_to_mfn };

/* The PV entry (boot/xen-pv) hands over Xen's start_info page. */
static int xen_pv_probe(const struct boot_info *bi)
{
	const start_info_t *si = bi->platform_data;
	return si && strncmp(si->magic, "xen-", 4) == 0; /* "xen-3.0-x86_64" */
}

static int xen_pv_init(struct boot_info *bi)
{
	const start_info_t *si = bi->platform_data;
	shared_info_mfn = si->shared_info >> PAGE_SHIFT;
	int mapped = hypercall3(__HYPERVISOR_update_va_mapping, (uintptr_t)shared_info_page,
				si->shared_info | 0x7 /* present, writable, user */,
				UVMF_INVLPG | UVMF_LOCAL) == 0;
	x86_irq_ops = &pv_irq_ops;
	console_pfn = pv_mfn_to_pfn(si->console.domU.mfn);
	store_pfn = pv_mfn_to_pfn(si->store_mfn);
	int rc = xen_common_init(&pv_ops, mapped ? (struct shared_info *)shared_info_page : NULL,
				 phys_to_virt(console_pfn << PAGE_SHIFT), si->console.domU.evtchn,
				 phys_to_virt(store_pfn << PAGE_SHIFT), si->store_evtchn, bi->entry_tsc);
	if (rc < 0)
		return rc;
	set_traps();

	pv_pt_setup((const xen_pfn_t *)si->mfn_list, si->nr_pages);
	p2m_va = si->mfn_list;
	boot_root_pfn = si->pt_base >> PAGE_SHIFT;
	p2m_len = si->nr_pages * sizeof(xen_pfn_t);
	return 0;
}

/* The new tables need what Xen's boot area holds that we keep using. */
static void xen_pv_pt_activate(void)
{
	uintptr_t p2m = PAGE_ROUND_DOWN(p2m_va);
	int rc = pv_pt_map_mfn((uintptr_t)shared_info_page, shared_info_mfn, PT_READ | PT_WRITE);
	if (rc == 0)
		rc = pv_pt_map(p2m, p2m, PAGE_ROUND_UP(p2m_va + p2m_len) - p2m, PT_READ);
	if (rc == 0)
		rc = pv_pt_map(console_pfn << PAGE_SHIFT, console_pfn << PAGE_SHIFT, PAGE_SIZE,
			       PT_READ | PT_WRITE);
	if (rc == 0)
		rc = pv_pt_map(store_pfn << PAGE_SHIFT, store_pfn << PAGE_SHIFT, PAGE_SIZE,
			       PT_READ | PT_WRITE);
	if (rc == 0)
		rc = pv_pt_switch(boot_root_pfn);
	if (rc < 0) {
		kprintf("amphi: Xen refused the kernel page tables (error %d)\n", rc);
		xen_poweroff(EXIT_STATUS_BOOT);
	}
}

static int xen_pv_late_init(void)
{
	static int done;
	if (done)
		return 0;
	struct callback_register cb = {
		.type = CALLBACKTYPE_event,
		.flags = CALLBACKF_mask_events,
		.address = (unsigned long)xen_pv_upcall,
	};
	long rc = hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb);
	if (rc < 0) {
		kprintf("amphi: Xen refused the event callback (error %ld)\n", rc);
		return (int)rc;
	}
	rc = xen_common_late_init("the PV callback", console_pfn, store_pfn);
	if (rc < 0)
		return (int)rc;
	done = 1;
	return 0;
}

/* Called with events masked: SCHEDOP_block unmasks them and blocks unless
 * one is pending, atomically; the upcall runs on the way back. */
static void xen_pv_idle(void)
{
	xen_sched_op(SCHEDOP_block, NULL);
	vcpu()->evtchn_upcall_mask = 1;
	__asm__ volatile("" : : : "memory");
}

const struct platform platform_xen_pv = {
	.name = "xen-pv",
	.flags = PLATFORM_NO_EMULATED_DEVICES,
	.probe = xen_pv_probe,
	.init = xen_pv_init,
	.console_write = xen_console_write,
	.pt_init = pv_pt_init,
	.pt_map = pv_pt_map,
	.pt_unmap = pv_pt_unmap,
	.pt_protect = pv_pt_protect,
	.pt_lookup = pv_pt_lookup,
	.pt_activate = xen_pv_pt_activate,
	.monotonic_ns = xen_monotonic_ns,
	.wallclock_ns = xen_wallclock_ns,
	.late_init = xen_pv_late_init,
	.timer_set = xen_timer_set,
	.idle = xen_pv_idle,
	.poweroff = xen_poweroff,
};

/*
 * Xen PVH guest: entered through the common PVH entry (boot/pvh/pvh_start.c),
 * so the CPU is ours as under KVM (own page tables, IDT, hlt) and only the
 * devices are Xen's. The hypercall page comes from the MSR CPUID names,
 * shared info is placed over a page of our image, the console and xenstore
 * rings are special pages the HVM params point at, and events arrive as an
 * interrupt vector (HVM_PARAM_CALLBACK_IRQ, vector type: no EOI needed).
 */
#include <errno.h>

#include "arch/x86/cpu.h"
#include "arch/x86/hypervisor.h"
#include "arch/x86/msr.h"
#include "arch/x86/pagetable.h"
#include "arch/x86/vectors.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "platform/platform.h"
#include "xen_internal.h"

static uint8_t shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint64_t console_pfn, store_pfn;

/* Grant frames replace the pages of ours at va, like shared info. */
static int pvh_grant_frames(void *va, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct xen_add_to_physmap map = {
			.domid = DOMID_SELF,
			.space = XENMAPSPACE_grant_table,
			.idx = i,
			.gpfn = ((uintptr_t)va >> PAGE_SHIFT) + i,
		};
		long rc = xen_memory_op(XENMEM_add_to_physmap, &map);
		if (rc < 0)
			return (int)rc;
	}
	return 0;
}

static uint64_t pvh_gfn(uint64_t pfn) { return pfn; }

static const struct xen_ops pvh_ops = { .grant_frames = pvh_grant_frames, .gfn = pvh_gfn };

static int xen_pvh_probe(const struct boot_info *bi)
{
	(void)bi;
	struct hv_info hv;
	hv_detect(&hv);
	return hv.type == HV_XEN;
}

static uint64_t hvm_param(uint32_t index)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	return xen_hvm_op(HVMOP_get_param, &p) < 0 ? 0 : p.value;
}

static int xen_pvh_init(struct boot_info *bi)
{
	struct hv_info hv;
	uint32_t r[4];
	hv_detect(&hv);
	cpuid(hv.base + 2, 0, r); /* eax: hypercall pages, ebx: the MSR that installs them */
	wrmsr(r[1], (uint64_t)(uintptr_t)hypercall_page);

	/* The page of ours at that frame is swapped for Xen's shared info. */
	struct xen_add_to_physmap map = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = (uintptr_t)shared_info_page >> PAGE_SHIFT,
	};
	int mapped = xen_memory_op(XENMEM_add_to_physmap, &map) == 0;
	console_pfn = hvm_param(HVM_PARAM_CONSOLE_PFN);
	store_pfn = hvm_param(HVM_PARAM_STORE_PFN);
	return xen_common_init(&pvh_ops, mapped ? (struct shared_info *)shared_info_page : NULL,
			       console_pfn ? phys_to_virt(console_pfn << PAGE_SHIFT) : NULL,
			       (evtchn_port_t)hvm_param(HVM_PARAM_CONSOLE_EVTCHN),
			       store_pfn ? phys_to_virt(store_pfn << PAGE_SHIFT) : NULL,
			       (evtchn_port_t)hvm_param(HVM_PARAM_STORE_EVTCHN), bi->entry_tsc);
}

/* The console and xenstore pages lie outside RAM: the boot tables reach
 * them, the kernel's own tables must map them too. */
static int xen_pvh_pt_init(void)
{
	int rc = x86_pt_init();
	const uint64_t pfns[] = { console_pfn, store_pfn };
	for (size_t i = 0; i < 2 && rc == 0; i++)
		if (pfns[i])
			rc = x86_pt_map(pfns[i] << PAGE_SHIFT, pfns[i] << PAGE_SHIFT, PAGE_SIZE,
					PT_READ | PT_WRITE);
	return rc;
}

static void upcall_interrupt(void *arg)
{
	(void)arg;
	evtchn_upcall();
}

static int xen_pvh_late_init(void)
{
	static int done;
	if (done)
		return 0;
	struct irq_request upcall = { .source = IRQ_FROM_VECTOR }; /* Xen raises it itself */
	if (irq_request(&upcall, upcall_interrupt, NULL) < 0) {
		kprintf("amphi: no interrupt vector left for Xen events\n");
		return -ENOSPC;
	}
	int vector = upcall.vector;
	xen_shared->vcpu_info[0].evtchn_upcall_mask = 0;
	struct xen_hvm_param p = {
		.domid = DOMID_SELF,
		.index = HVM_PARAM_CALLBACK_IRQ,
		.value = (uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56 | (uint64_t)vector,
	};
	long rc = xen_hvm_op(HVMOP_set_param, &p);
	if (rc < 0) {
		kprintf("amphi: Xen refused the event callback vector (error %ld)\n", rc);
		return (int)rc;
	}
	char how[24];
	ksnprintf(how, sizeof(how), "vector %#x", vector);
	rc = xen_common_late_init(how, console_pfn, store_pfn);
	if (rc < 0)
		return (int)rc;
	done = 1;
	return 0;
}

const struct platform platform_xen_pvh = {
	.name = "xen-pvh",
	.flags = PLATFORM_NO_EMULATED_DEVICES,
	.probe = xen_pvh_probe,
	.init = xen_pvh_init,
	.console_write = xen_console_write,
	.pt_init = xen_pvh_pt_init,
	.pt_map = x86_pt_map,
	.pt_unmap = x86_pt_unmap,
	.pt_protect = x86_pt_protect,
	.pt_lookup = x86_pt_lookup,
	.pt_activate = x86_pt_activate,
	.monotonic_ns = xen_monotonic_ns,
	.wallclock_ns = xen_wallclock_ns,
	.late_init = xen_pvh_late_init,
	.timer_set = xen_timer_set,
	.idle = x86_idle, /* hlt: how an HVM vCPU blocks in Xen */
	.poweroff = xen_poweroff,
};

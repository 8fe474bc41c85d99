#include "hypervisor.h"

#include <string.h>

#include "cpu.h"

void hv_detect(struct hv_info *hv)
{
	uint32_t r[4];
	memset(hv, 0, sizeof(*hv));
	cpuid(1, 0, r);
	if (!(r[2] & (1u << 31))) /* "hypervisor present" bit */
		return;
	hv->type = HV_OTHER;
	/* Xen moves its leaves up by 0x100 steps when it also offers Viridian. */
	for (uint32_t base = 0x40000000; base < 0x40010000; base += 0x100) {
		cpuid(base, 0, r);
		char sig[13];
		memcpy(sig + 0, &r[1], 4);
		memcpy(sig + 4, &r[2], 4);
		memcpy(sig + 8, &r[3], 4);
		sig[12] = '\0';
		enum hypervisor t = !memcmp(sig, "XenVMMXenVMM", 12) ? HV_XEN
				    : !memcmp(sig, "KVMKVMKVM", 9)    ? HV_KVM
				    : !memcmp(sig, "TCGTCGTCGTCG", 12) ? HV_TCG
								       : HV_NONE;
		if (t != HV_NONE || base == 0x40000000) {
			memcpy(hv->signature, sig, sizeof(sig));
			hv->base = base;
		}
		if (t != HV_NONE) {
			hv->type = t;
			return;
		}
	}
}

const char *hv_name(enum hypervisor type)
{
	switch (type) {
	case HV_KVM: return "KVM";
	case HV_XEN: return "Xen";
	case HV_TCG: return "QEMU TCG";
	case HV_OTHER: return "unknown hypervisor";
	default: return "no hypervisor";
	}
}

/* Which hypervisor are we on? CPUID leaves 0x40000000+ carry its signature. */
#ifndef AMPHI_X86_HYPERVISOR_H
#define AMPHI_X86_HYPERVISOR_H

#include <stdint.h>

enum hypervisor { HV_NONE, HV_KVM, HV_XEN, HV_TCG, HV_OTHER };

struct hv_info {
	enum hypervisor type;
	uint32_t base;     /* CPUID leaf holding the signature */
	char signature[13];
};

void hv_detect(struct hv_info *hv);
const char *hv_name(enum hypervisor type);

#endif

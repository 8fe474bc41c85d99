/* Xen boot figure, measured by the guest on Xen's clock: the time from the
 * creation of its vCPU (early in `xl create`, before the image is loaded;
 * Xen's runstate accounting covers every nanosecond since) to main(), and
 * from the entry point to main(). Not on Xen: says so and exits 2. */
#include <stdio.h>

#include "arch/arch.h"
#include "kernel/kernel.h"
#include "platform/platform.h"
#include "platform/xen/xen_internal.h"

int main(void)
{
	uint64_t cycles = arch_cycles();
	if (!xen_shared) {
		printf("xenboot: not on Xen\n");
		return 2;
	}
	uint64_t now = xen_system_time_ns();
	struct vcpu_runstate_info r;
	if (xen_vcpu_op(VCPUOP_get_runstate_info, 0, &r) < 0) {
		printf("xenboot: no runstate information\n");
		return 1;
	}
	/* Every state the vCPU was in since its creation, plus the current one.
	 * Our extrapolated clock may trail Xen's by up to its calibration
	 * error (large under nested TCG): never count that negative. */
	uint64_t age = r.time[0] + r.time[1] + r.time[2] + r.time[3] +
		       (now > r.state_entry_time ? now - r.state_entry_time : 0);
	uint64_t entry = (cycles - kernel_entry_cycles) * 1000000 / arch_cycles_hz();
	printf("xenboot: %s: vcpu created -> main %lu us (of which offline %lu us), entry -> main %lu us\n",
	       platform->name, (unsigned long)(age / 1000), (unsigned long)(r.time[3] / 1000),
	       (unsigned long)entry);
	return 0;
}

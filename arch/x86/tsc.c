#include "tsc.h"

#include "cpu.h"
#include "hypervisor.h"

static uint64_t hz;
static uint64_t (*calibrator)(void);

void tsc_set_hz(uint64_t rate) { hz = rate; }

void tsc_set_calibrator(uint64_t (*measure)(void)) { calibrator = measure; }

uint64_t tsc_hz(void)
{
	if (hz)
		return hz;
	uint32_t r[4];
	cpuid(0, 0, r);
	if (r[0] >= 0x15) {
		cpuid(0x15, 0, r); /* TSC/crystal ratio ebx/eax, crystal Hz in ecx */
		if (r[0] && r[1] && r[2])
			hz = (uint64_t)r[2] * r[1] / r[0];
	}
	struct hv_info hv;
	hv_detect(&hv);
	if (!hz && hv.type != HV_NONE) {
		cpuid(hv.base, 0, r);
		if (r[0] >= hv.base + 0x10) {
			cpuid(hv.base + 0x10, 0, r); /* TSC kHz in eax (VMware/KVM timing leaf) */
			hz = (uint64_t)r[0] * 1000;
		}
	}
	if (!hz && calibrator)
		hz = calibrator();
	if (!hz)
		hz = 1000000000; /* nothing to measure against: a guess beats a division by zero */
	return hz;
}

uint64_t tsc_to_ns(uint64_t ticks)
{
	/* A 32.32 fixed-point multiply instead of a 128-bit division per call:
	 * the clock is read on every scheduling decision. */
	static uint64_t ns_per_tick_32; /* nanoseconds per tick << 32 */
	if (!ns_per_tick_32)
		ns_per_tick_32 = (uint64_t)(((unsigned __int128)1000000000u << 32) / tsc_hz());
	return (uint64_t)(((unsigned __int128)ticks * ns_per_tick_32) >> 32);
}

#include "clock.h"

#include "calendar.h"

#include "cpu.h"
#include "hypervisor.h"
#include "io.h"

#define PIT_HZ 1193182u

static uint16_t pit_read_ch0(void)
{
	outb(0x43, 0x00); /* latch channel 0 */
	uint8_t lo = inb(0x40);
	return (uint16_t)(lo | inb(0x40) << 8);
}

/* Count TSC ticks over 10 ms of PIT channel 0, read by polling (microvm has
 * no port 0x61, so the usual channel-2 gate trick does not work there). */
static uint64_t pit_measure_tsc_hz(void)
{
	const uint32_t want = PIT_HZ / 100;
	outb(0x43, 0x34); /* channel 0, lo/hi byte, rate generator */
	outb(0x40, 0xff);
	outb(0x40, 0xff);
	uint16_t prev = pit_read_ch0();
	uint32_t elapsed = 0, still = 0;
	uint64_t t0 = rdtsc();
	while (elapsed < want) {
		uint16_t now = pit_read_ch0();
		if (now == prev && ++still > 1000000)
			return 0; /* the counter does not move: no PIT */
		elapsed += (uint16_t)(prev - now);
		prev = now;
	}
	return (rdtsc() - t0) * PIT_HZ / elapsed;
}

static uint64_t hz;

void tsc_set_hz(uint64_t rate) { hz = rate; }

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
	if (!hz)
		hz = pit_measure_tsc_hz();
	if (!hz)
		hz = 1000000000; /* no PIT either: a guess beats a division by zero */
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

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

uint64_t cmos_rtc_epoch(void)
{
	/* Wait (bounded) until no update is in progress, then read twice until stable. */
	uint8_t t[6], prev[6];
	for (int tries = 0; tries < 10; tries++) {
		for (int i = 0; i < 100000 && (cmos(0x0a) & 0x80); i++)
			;
		static const uint8_t regs[6] = { 0x00, 0x02, 0x04, 0x07, 0x08, 0x09 };
		for (int i = 0; i < 6; i++)
			t[i] = cmos(regs[i]);
		if (tries && !__builtin_memcmp(t, prev, sizeof(t)))
			break;
		__builtin_memcpy(prev, t, sizeof(t));
	}
	uint8_t b = cmos(0x0b);
	int pm = !(b & 0x02) && (t[2] & 0x80);
	t[2] &= 0x7f;
	if (!(b & 0x04)) /* BCD */
		for (int i = 0; i < 6; i++)
			t[i] = (uint8_t)((t[i] & 0x0f) + (t[i] >> 4) * 10);
	if (pm)
		t[2] = (uint8_t)((t[2] % 12) + 12);
	if (t[4] < 1 || t[4] > 12 || t[3] < 1 || t[3] > 31)
		return 0;
	int64_t days = days_from_civil(2000 + t[5], t[4], t[3]);
	return (uint64_t)(days * 86400 + t[2] * 3600 + t[1] * 60 + t[0]);
}

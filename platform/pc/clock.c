#include "clock.h"

#include "calendar.h"

#include "arch/io.h"
#include "arch/x86/cpu.h"
#include "arch/x86/hypervisor.h"

#define PIT_HZ 1193182u

static uint16_t pit_read_ch0(void)
{
	outb(0x43, 0x00); /* latch channel 0 */
	uint8_t lo = inb(0x40);
	return (uint16_t)(lo | inb(0x40) << 8);
}

/* Count TSC ticks over 10 ms of PIT channel 0, read by polling (microvm has
 * no port 0x61, so the usual channel-2 gate trick does not work there). */
uint64_t pit_measure_tsc_hz(void)
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

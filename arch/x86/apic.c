/* Local APIC (Intel SDM vol. 3A, chapter "Advanced Programmable Interrupt Controller"). */
#include "apic.h"

#include <errno.h>

#include "arch/io.h"
#include "cpu.h"
#include "kernel/mm.h"
#include "msr.h"
#include "tsc.h"
#include "vectors.h"

/* Register offsets (xAPIC MMIO; the x2APIC MSR is MSR_X2APIC_FIRST + offset / 16). */
#define APIC_ID 0x020
#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_SVR 0x0f0
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE 0x3e0

#define APIC_BASE_X2APIC (1u << 10)
#define APIC_BASE_ENABLE (1u << 11)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ull
#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_DELIVER_NMI (4u << 8)
#define LVT_TIMER_TSC_DEADLINE (2u << 17)
#define TIMER_DIVIDE_16 0x3

#define CPUID1_ECX_X2APIC (1u << 21)
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID1_EDX_APIC (1u << 9)

#define CALIBRATE_MS 2

static int x2apic;
static volatile uint8_t *mmio; /* xAPIC registers */
static enum apic_timer_mode timer_mode;
static uint8_t timer_vector;
static uint64_t counts_per_tsc; /* one-shot mode: timer counts per TSC tick, 32.32 fixed point */

static uint32_t apic_read(unsigned reg)
{
	return x2apic ? (uint32_t)rdmsr(MSR_X2APIC_FIRST + reg / 16) : mmio_read32(mmio + reg);
}

static void apic_write(unsigned reg, uint32_t v)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_FIRST + reg / 16, v);
	else
		mmio_write32(mmio + reg, v);
}

int apic_init(void)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	if (!(r[3] & CPUID1_EDX_APIC))
		return -ENODEV;
	uint64_t base = rdmsr(MSR_APIC_BASE);
	/* Enable in xAPIC mode first: going from disabled straight to x2APIC is not
	 * a transition the SDM allows. */
	base |= APIC_BASE_ENABLE;
	wrmsr(MSR_APIC_BASE, base);
	if (r[2] & CPUID1_ECX_X2APIC) {
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_X2APIC);
		x2apic = 1;
	} else {
		mmio = mm_map_phys(base & APIC_BASE_ADDR_MASK, 4096);
		if (!mmio)
			return -ENOMEM;
	}
	apic_write(APIC_TPR, 0); /* accept every priority class */
	apic_write(APIC_LVT_TIMER, LVT_MASKED);
	apic_write(APIC_LVT_LINT0, LVT_MASKED); /* the 8259s' output: unused */
	apic_write(APIC_LVT_LINT1, LVT_DELIVER_NMI);
	apic_write(APIC_LVT_ERROR, LVT_MASKED);
	apic_write(APIC_SVR, SVR_ENABLE | IRQ_VECTOR_SPURIOUS);
	return 0;
}

int apic_is_x2apic(void) { return x2apic; }

uint32_t apic_id(void)
{
	uint32_t id = apic_read(APIC_ID);
	return x2apic ? id : id >> 24;
}

void apic_eoi(void)
{
	if (x2apic || mmio)
		apic_write(APIC_EOI, 0);
}

/* The current count, dated at the middle of the TSC reads around it: the
 * register read is slow under a hypervisor (~8 us under TCG). Of three
 * tries, the quickest, as a slow one was held up by the host. */
static void sample_count(uint64_t *tsc, uint32_t *count)
{
	uint64_t quickest = UINT64_MAX;
	for (int i = 0; i < 3; i++) {
		uint64_t t0 = rdtsc();
		uint32_t c = apic_read(APIC_TIMER_CURRENT);
		uint64_t t1 = rdtsc();
		if (t1 - t0 < quickest) {
			quickest = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*count = c;
		}
	}
}

static void spin_tsc(uint64_t ticks)
{
	uint64_t t0 = rdtsc();
	while (rdtsc() - t0 < ticks)
		__asm__ volatile("pause");
}

/* Timer counts per TSC tick (32.32 fixed point), counted over CALIBRATE_MS.
 * Both samples are taken the same way, after a spin, so that their delays
 * cancel (a sample right after starting the timer read ~0.5% high). */
static uint64_t calibrate_counts_per_tsc(void)
{
	uint64_t window = tsc_hz() * CALIBRATE_MS / 1000, t0, t1;
	uint32_t c0, c1;
	apic_write(APIC_LVT_TIMER, LVT_MASKED);
	apic_write(APIC_TIMER_DIVIDE, TIMER_DIVIDE_16);
	apic_write(APIC_TIMER_INITIAL, UINT32_MAX);
	spin_tsc(window / 20);
	sample_count(&t0, &c0);
	spin_tsc(window);
	sample_count(&t1, &c1);
	apic_write(APIC_TIMER_INITIAL, 0);
	apic_write(APIC_LVT_TIMER, timer_vector); /* one-shot mode, unmasked */
	uint64_t rate = ((uint64_t)(c0 - c1) << 32) / (t1 - t0);
	return rate ? rate : 1; /* a timer that does not count: fire as soon as possible */
}

int apic_timer_init(uint8_t vector)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	timer_vector = vector;
	if (r[2] & CPUID1_ECX_TSC_DEADLINE) {
		timer_mode = APIC_TIMER_TSC_DEADLINE;
		apic_write(APIC_LVT_TIMER, vector | LVT_TIMER_TSC_DEADLINE);
		/* In xAPIC mode the LVT write (MMIO) must land before the deadline
		 * WRMSR, which is not ordered with it (SDM 10.5.4.1). */
		__asm__ volatile("mfence" : : : "memory");
		wrmsr(MSR_TSC_DEADLINE, 0);
	} else {
		/* Calibrated on first use: an app that never sleeps does not wait
		 * for it at boot. */
		timer_mode = APIC_TIMER_ONE_SHOT;
		apic_write(APIC_TIMER_DIVIDE, TIMER_DIVIDE_16);
		apic_write(APIC_LVT_TIMER, vector);
	}
	return timer_mode;
}

void apic_timer_arm(uint64_t tsc_deadline)
{
	if (timer_mode == APIC_TIMER_TSC_DEADLINE) {
		wrmsr(MSR_TSC_DEADLINE, tsc_deadline ? tsc_deadline : 1); /* 0 would disarm */
		return;
	}
	if (timer_mode != APIC_TIMER_ONE_SHOT)
		return;
	if (!counts_per_tsc)
		counts_per_tsc = calibrate_counts_per_tsc();
	uint64_t now = rdtsc();
	uint64_t ticks = tsc_deadline > now ? tsc_deadline - now : 0;
	/* Round up: firing a little late is fine, firing early costs a wake-up. */
	unsigned __int128 counts = ((unsigned __int128)ticks * counts_per_tsc + UINT32_MAX) >> 32;
	apic_write(APIC_TIMER_INITIAL, counts == 0 ? 1 : counts > UINT32_MAX ? UINT32_MAX : (uint32_t)counts);
}

void apic_timer_disarm(void)
{
	if (timer_mode == APIC_TIMER_TSC_DEADLINE)
		wrmsr(MSR_TSC_DEADLINE, 0);
	else if (timer_mode == APIC_TIMER_ONE_SHOT)
		apic_write(APIC_TIMER_INITIAL, 0);
}

uint64_t apic_timer_hz(void)
{
	if (timer_mode != APIC_TIMER_ONE_SHOT || !counts_per_tsc)
		return 0;
	return (uint64_t)(((unsigned __int128)counts_per_tsc * tsc_hz()) >> 32);
}

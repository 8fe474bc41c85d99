/* The local APIC: x2APIC (MSR access) when the CPU offers it, else xAPIC
 * (MMIO), and its one-shot timer. Used by irq.c and the KVM platform. */
#ifndef AMPHI_X86_APIC_H
#define AMPHI_X86_APIC_H

#include <stdint.h>

/* Enable the local APIC with the spurious vector; LINT0 (the 8259s) masked,
 * LINT1 delivering NMIs. 0, -ENODEV (no APIC) or -ENOMEM (cannot map it). */
int apic_init(void);
int apic_is_x2apic(void);
uint32_t apic_id(void);
void apic_eoi(void);

enum apic_timer_mode { APIC_TIMER_NONE, APIC_TIMER_TSC_DEADLINE, APIC_TIMER_ONE_SHOT };
/* Set the timer up to raise vector: TSC-deadline mode when CPUID.1:ECX[24]
 * says so, else one-shot mode, its rate measured against the TSC (~1 ms) on
 * the first apic_timer_arm(). Returns the mode. */
int apic_timer_init(uint8_t vector);
/* Interrupt once the TSC reaches tsc_deadline (at once if already past).
 * One-shot mode: a deadline beyond the counter's range (~1 minute) fires
 * early, at the end of the range. */
void apic_timer_arm(uint64_t tsc_deadline);
void apic_timer_disarm(void);
/* One-shot mode: timer counts per second once measured, else 0. */
uint64_t apic_timer_hz(void);

#endif

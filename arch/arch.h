/* The few CPU-architecture services kernel/ needs (x86-64: arch/x86/arch.c). */
#ifndef AMPHI_ARCH_H
#define AMPHI_ARCH_H

#include <stdint.h>

/* Once memory management is up: move exception stacks onto guarded stacks.
 * Returns 0, or -ENOMEM. */
int arch_late_init(void);
/* Switch to the stack whose top is given and call fn(arg) there; fn must not return. */
__attribute__((noreturn)) void arch_run_on_stack(void *top, void (*fn)(void *), void *arg);
/* A fast cycle counter and its rate. */
uint64_t arch_cycles(void);
uint64_t arch_cycles_hz(void);

/* One 64-bit value from the CPU's random number generator (x86: RDSEED,
 * else RDRAND): 1, or 0 if the CPU has none or it failed. */
int arch_hw_random(uint64_t *out);

/* Interrupt flag. irq_save disables and returns the previous state. */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long state);
void arch_irq_enable(void);

/* Thread contexts. arch_stack_init prepares a fresh stack so that switching
 * to the returned stack pointer calls entry() with interrupts enabled;
 * arch_switch saves the callee-saved registers (and the SSE/x87 control
 * words) on the current stack, stores its pointer in *save, and resumes the
 * context whose stack pointer is next. */
void *arch_stack_init(void *top, void (*entry)(void));
void arch_switch(void **save, void *next);

#endif

/* The few CPU-architecture services kernel/ needs (x86-64: platform/x86/arch.c). */
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

#endif

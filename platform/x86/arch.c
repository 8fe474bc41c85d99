#include "arch.h"

#include "clock.h"
#include "cpu.h"

int arch_late_init(void) { return cpu_use_guarded_ist_stacks(); }

void arch_run_on_stack(void *top, void (*fn)(void *), void *arg)
{
	/* rbp = 0 ends backtraces at the new stack's bottom frame. */
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call *%1\n\t"
			 "ud2"
			 :
			 : "r"(top), "r"(fn), "D"(arg)
			 : "memory");
	__builtin_unreachable();
}

uint64_t arch_cycles(void) { return rdtsc(); }
uint64_t arch_cycles_hz(void) { return tsc_hz(); }

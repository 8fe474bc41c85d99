#include "arch/arch.h"

#include <stddef.h>

#include "cpu.h"
#include "tsc.h"

int arch_late_init(void) { return cpu_use_guarded_ist_stacks(); }

void arch_run_on_stack(void *top, void (*fn)(void *), void *arg)
{
	/* rbp = 0 ends backtraces at the new stack's bottom frame (the
	 * kernel's own); for debuggers' CFI, the caller's rip is gone. */
	__asm__ volatile("mov %0, %%rsp\n\t"
			 ".cfi_undefined rip\n\t"
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

const struct x86_irq_ops *x86_irq_ops;

#define RFLAGS_IF (1ul << 9)

unsigned long arch_irq_save(void)
{
	if (__builtin_expect(x86_irq_ops != NULL, 0))
		return x86_irq_ops->save();
	unsigned long flags;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	if (flags & RFLAGS_IF)
		arch_irq_enable();
}

void arch_irq_enable(void)
{
	if (__builtin_expect(x86_irq_ops != NULL, 0))
		x86_irq_ops->enable();
	else
		__asm__ volatile("sti" : : : "memory");
}

/* The frame arch_switch pops (see switch.S), lowest address first. */
struct switch_frame {
	uint32_t mxcsr, fpucw;
	uint64_t r15, r14, r13, r12, rbx, rbp;
	uint64_t ret;   /* arch_switch returns here: the entry trampoline */
	uint64_t entry; /* used by the trampoline */
	uint64_t zero;  /* fake return address: ends backtraces */
};

extern void arch_thread_trampoline(void);

void *arch_stack_init(void *top, void (*entry)(void))
{
	/* After the pops and the ret, rsp must be 8 mod 16 at entry(), as after a call. */
	uintptr_t sp = ((uintptr_t)top & ~15ul) - sizeof(struct switch_frame) - 8;
	struct switch_frame *f = (struct switch_frame *)sp;
	*f = (struct switch_frame){
		.mxcsr = 0x1f80, /* all SSE exceptions masked, round to nearest */
		.fpucw = 0x37f,
		.ret = (uint64_t)(uintptr_t)arch_thread_trampoline,
		.entry = (uint64_t)(uintptr_t)entry,
	};
	return f;
}

int arch_hw_random(uint64_t *out)
{
	static int has = -1; /* bit 0: RDRAND, bit 1: RDSEED; -1 until asked */
	if (has < 0) {
		uint32_t r[4];
		cpuid(0, 0, r);
		uint32_t max_leaf = r[0];
		cpuid(1, 0, r);
		has = (r[2] >> 30) & 1;
		if (max_leaf >= 7) {
			cpuid(7, 0, r);
			has |= ((r[1] >> 18) & 1) << 1;
		}
	}
	unsigned char ok = 0;
	uint64_t v = 0;
	/* both may fail for a moment (carry clear): a few tries each */
	for (int i = 0; (has & 2) && !ok && i < 16; i++)
		__asm__ volatile("rdseed %0; setc %1" : "=r"(v), "=qm"(ok));
	for (int i = 0; (has & 1) && !ok && i < 16; i++)
		__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
	if (ok)
		*out = v;
	return ok;
}

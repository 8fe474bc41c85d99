/* x86-64 CPU setup (GDT, TSS, IDT) and the trap frame shared with trap_entry.S. */
#ifndef AMPHI_X86_CPU_H
#define AMPHI_X86_CPU_H

#include <stdint.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* Load GDT/TSS/IDT; exceptions run on small static IST stacks until
 * cpu_use_guarded_ist_stacks() moves them onto guarded ones. */
void cpu_init(void);
int cpu_use_guarded_ist_stacks(void); /* 0 or -ENOMEM */

/* Where the CPU keeps what cli/sti and CR2 do natively. NULL on a native
 * CPU (KVM, Xen PVH); a Xen PV guest runs unprivileged and supplies its own. */
struct x86_irq_ops {
	unsigned long (*save)(void); /* disable; returns RFLAGS.IF set if they were enabled */
	void (*enable)(void);        /* and run what became pending meanwhile */
	uint64_t (*fault_address)(void); /* CR2 of the last page fault */
};
extern const struct x86_irq_ops *x86_irq_ops;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void invlpg(uintptr_t va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }

#endif

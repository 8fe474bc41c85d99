/* Hypercalls through the hypercall page: Xen writes one 32-byte stub per
 * hypercall into it (PVH: when we write its address to the MSR CPUID names;
 * PV: before entry, as the HYPERCALL_PAGE ELF note asks). Arguments go in
 * rdi, rsi, rdx, r10, r8; the result comes back in rax. */
#ifndef AMPHI_XEN_HYPERCALL_H
#define AMPHI_XEN_HYPERCALL_H

#include <stdint.h>

#include "xenabi.h"

extern char hypercall_page[4096];

static inline long hypercall5(unsigned op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			      uint64_t a5)
{
	register uint64_t r10 __asm__("r10") = a4;
	register uint64_t r8 __asm__("r8") = a5;
	long ret;
	/* Xen may clobber the argument registers (debug builds do on purpose). */
	__asm__ volatile("call *%[stub]"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
			 : [stub] "r"(hypercall_page + op * 32)
			 : "memory", "rcx", "r11");
	return ret;
}

#define hypercall1(op, a) hypercall5(op, (uint64_t)(a), 0, 0, 0, 0)
#define hypercall2(op, a, b) hypercall5(op, (uint64_t)(a), (uint64_t)(b), 0, 0, 0)
#define hypercall3(op, a, b, c) hypercall5(op, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), 0, 0)
#define hypercall4(op, a, b, c, d) \
	hypercall5(op, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), 0)

static inline long xen_sched_op(int cmd, void *arg) { return hypercall2(__HYPERVISOR_sched_op, cmd, arg); }
static inline long xen_event_channel_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}
static inline long xen_memory_op(int cmd, void *arg) { return hypercall2(__HYPERVISOR_memory_op, cmd, arg); }
static inline long xen_vcpu_op(int cmd, unsigned vcpu, void *arg)
{
	return hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}
static inline long xen_hvm_op(int cmd, void *arg) { return hypercall2(__HYPERVISOR_hvm_op, cmd, arg); }
static inline long xen_grant_table_op(int cmd, void *arg, unsigned count)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, arg, count);
}

#endif

/* Cooperative context switch (platform/arch.h). Only what the SysV ABI says a
 * callee must preserve is saved: rbx, rbp, r12-r15, MXCSR's control bits and
 * the x87 control word; every XMM register is caller-saved across a call. */
	.text
	.globl arch_switch
arch_switch: /* rdi = where to save our stack pointer, rsi = the next stack pointer */
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

	.globl arch_thread_trampoline
arch_thread_trampoline: /* first switch into a new thread lands here */
	popq %rax               /* entry */
	xorl %ebp, %ebp         /* ends backtraces */
	movq %rax, %rbx         /* a fresh thread: nothing to preserve */
	callq arch_irq_enable   /* sti, or its Xen PV equivalent */
	callq *%rbx
	ud2

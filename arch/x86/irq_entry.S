/*
 * Entry for vectors 32..255 (external interrupts, the local APIC timer, MSIs).
 *
 * cpu.c points all of them at IST5, so an interrupt never pushes onto the
 * interrupted stack: host libgcc.a is built with a red zone, and code there
 * may keep live data below its stack pointer. Interrupt gates clear IF, so
 * handlers never nest and the IST stack is never reused while in use.
 *
 * Each stub pushes its vector; irq_common saves every general register and
 * the full x87/SSE state (interrupted code may be in the middle of XMM
 * arithmetic), gives C a clean FPU, calls irq_dispatch(vector) and restores.
 */
#include "regs.S.h"

	.text

	.p2align 4
	.globl irq_entry_stubs
irq_entry_stubs: /* stub for vector v at irq_entry_stubs + (v - 32) * 16 */
	.set vector, 32
	.rept 224
1:	pushq $vector
	jmp irq_common
	.org 1b + 16              /* fails to assemble if a stub outgrows 16 bytes */
	.set vector, vector + 1
	.endr

irq_common:
	SAVE_GPRS
	/* Taken on x86_idle's hlt itself, the interrupt would return to the
	 * hlt and sleep through the wake-up it just delivered. sti's shadow
	 * rules that out on hardware, but not every emulator keeps it (Xen's
	 * nested SVM under QEMU TCG injects there): resume after the hlt. */
	leaq x86_idle_hlt(%rip), %rax
	cmpq %rax, 16*8(%rsp)     /* rip, above the 15 registers and the vector */
	jne 1f
	incq 16*8(%rsp)           /* hlt is one byte */
1:
	movq %rsp, %rbx           /* callee-saved: survives the call below */

	/* A frame record whose return address is the interrupted rip: a panic
	 * inside a handler backtraces into the code it interrupted. */
	pushq 16*8(%rbx)          /* rip, above the 15 registers and the vector */
	pushq %rbp
	movq %rsp, %rbp

	subq $512, %rsp           /* fxsave area, 16-byte aligned */
	andq $-16, %rsp
	fxsave64 (%rsp)
	fninit                    /* fxsave leaves the x87 stack as it was */
	ldmxcsr default_mxcsr(%rip)
	cld

	movq 15*8(%rbx), %rdi     /* vector */
	call irq_dispatch

	fxrstor64 (%rsp)
	movq %rbx, %rsp
	RESTORE_GPRS
	addq $8, %rsp             /* vector */
	iretq

/* void x86_idle(void): called with interrupts disabled once the caller has
 * found nothing to do; returns, interrupts disabled again, after the next
 * interrupt has been handled. */
	.p2align 4
	.globl x86_idle
x86_idle:
	sti
x86_idle_hlt:
	hlt
	cli
	ret

	.section .rodata
	.p2align 2
default_mxcsr:
	.long 0x1f80              /* all SSE exceptions masked, round to nearest */

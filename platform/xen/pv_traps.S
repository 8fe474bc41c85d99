/*
 * Xen PV exception and event entry. Xen delivers both as a bounce frame on
 * the current stack: the hardware frame (with an error code where the CPU
 * has one) under the guest's %rcx and %r11, which Xen needed for its own
 * return. Exceptions then join the native stubs (trap_entry.S); events save
 * everything like irq_entry.S and return through the iret hypercall, which
 * restores the event mask as it was (from the frame's IF) atomically.
 */
#define __ASSEMBLY__ 1 /* what the Xen headers test for */
#define __XEN_INTERFACE_VERSION__ 0x00040e00
#include <xen/xen.h>

#include "arch/x86/regs.S.h"

	.text

	.globl xen_pv_trap_stubs
	.p2align 4
xen_pv_trap_stubs: /* vector v's stub at + v * 16 */
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
1:	popq %rcx
	popq %r11
	jmp trap_entry_\v
	.org 1b + 16
	.endr

	.globl xen_pv_upcall
xen_pv_upcall:
	popq %rcx
	popq %r11
	pushq $0                  /* where irq_entry.S has the vector */
	SAVE_GPRS
	movq %rsp, %rbx

	/* A frame record whose return address is the interrupted rip. */
	pushq 16*8(%rbx)
	pushq %rbp
	movq %rsp, %rbp

	subq $512, %rsp           /* the interrupted code's FPU/SSE state */
	andq $-16, %rsp
	fxsave64 (%rsp)
	fninit
	ldmxcsr pv_default_mxcsr(%rip)
	cld

	call evtchn_upcall

	fxrstor64 (%rsp)
	movq %rbx, %rsp
	RESTORE_GPRS
	addq $8, %rsp
	/* Xen's iret stub pushes rcx, r11 and rax itself, above the flags
	 * word (0: not returning from a syscall) and the hardware frame. */
	pushq $0
	jmp hypercall_page + __HYPERVISOR_iret * 32

	.section .rodata
	.p2align 2
pv_default_mxcsr:
	.long 0x1f80

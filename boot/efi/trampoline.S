/*
 * The UEFI loader's last step, after ExitBootServices: leave long mode for
 * 32-bit protected mode with paging off -- the state the PVH entry expects --
 * copy the kernel's segments to their link addresses, zero their .bss, and
 * jump to the PVH entry with %ebx = hvm_start_info.
 *
 * The copy happens with paging off on purpose: the firmware's page tables,
 * GDT and stack were boot-services memory, which the kernel may overwrite.
 * Everything read here lies below 4 GiB (the loader checks this).
 */
#include "arch/x86/x86_defs.h"
#include "handoff.h"

#define CR0_ET (1 << 4)
#define CR4_PCIDE (1 << 17)
#define CR4_CET (1 << 23)

#define TRAMP_CS32 0x08
#define TRAMP_DS32 0x10

	.text
	.code64
	.globl efi_enter_kernel, efi_enter_kernel_end
efi_enter_kernel:              /* %rdi = struct handoff * */
	cli
	cld
	/* PCIDE forbids turning paging off, CET clearing CR0.WP: drop both
	 * while still in 64-bit mode, where that is allowed. */
	movq %cr4, %rax
	andq $~(CR4_PCIDE | CR4_CET), %rax
	movq %rax, %cr4
	leaq tramp_gdt(%rip), %rax
	subq $16, %rsp
	movw $(tramp_gdt_end - tramp_gdt - 1), (%rsp)
	movq %rax, 2(%rsp)
	lgdt (%rsp)
	/* The firmware's IDT will be overwritten: a fault from here on should
	 * reset (QEMU: exit under -no-reboot), not jump into the kernel's bytes. */
	movw $0, (%rsp)
	movq $0, 2(%rsp)
	lidt (%rsp)
	leaq 1f(%rip), %rax
	pushq $TRAMP_CS32
	pushq %rax
	lretq                      /* into 32-bit compatibility mode */

	.code32
1:	movl $TRAMP_DS32, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	/* The PVH start state: CR0 = PE|ET (paging off, so the CPU leaves long
	 * mode), CR4 = 0 (LA57, PAE... may change only now), EFER.LME clear. */
	movl $(CR0_PE | CR0_ET), %eax
	movl %eax, %cr0
	xorl %eax, %eax
	movl %eax, %cr4
	movl $MSR_EFER, %ecx
	rdmsr
	andl $~EFER_LME, %eax
	wrmsr

	movl %edi, %ebp
	movl HANDOFF_NSEG(%ebp), %edx
	leal HANDOFF_SEG(%ebp), %ebx
	testl %edx, %edx
	jz 3f
2:	movl 0(%ebx), %edi         /* dst */
	movl 4(%ebx), %esi         /* src */
	movl 8(%ebx), %ecx         /* filesz */
	rep movsb
	movl 12(%ebx), %ecx        /* memsz - filesz bytes of zeroes */
	subl 8(%ebx), %ecx
	xorl %eax, %eax
	rep stosb
	addl $16, %ebx
	decl %edx
	jnz 2b
3:	movl HANDOFF_START_INFO(%ebp), %ebx
	jmp *HANDOFF_ENTRY(%ebp)

	/* Accessed bits preset: the CPU need not write to this read-only page. */
	.p2align 3
tramp_gdt:
	.quad 0
	.quad 0x00cf9b000000ffff   /* TRAMP_CS32: 32-bit code, base 0, 4 GiB */
	.quad 0x00cf93000000ffff   /* TRAMP_DS32: data, base 0, 4 GiB */
tramp_gdt_end:
efi_enter_kernel_end:

	.section .note.GNU-stack, "", @progbits

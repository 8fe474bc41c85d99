/*
 * PVH entry: the hypervisor (QEMU's -kernel, Xen's PVH builder) jumps here in
 * 32-bit protected mode, paging off, %ebx = physical address of hvm_start_info.
 * We identity-map the first 4 GiB with 2 MiB pages, enter long mode with NX and
 * write protection on, enable SSE (newlib's code is full of it) and call C.
 */
#include "arch/x86/x86_defs.h"
#include "hvm_start_info.h"

	.section .note.Xen, "a"
	.p2align 2
	.long 4, 4, XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long pvh_entry32

	.section .text.boot, "ax"
	.code32
	.globl pvh_entry32
pvh_entry32:
	cli
	cld
	rdtsc
	movl %eax, boot_entry_tsc
	movl %edx, boot_entry_tsc + 4
	movl %ebx, boot_start_info

	/* PML4[0] -> PDPT; PDPT[0..3] -> PD0..PD3; each PD maps 1 GiB in 2 MiB pages. */
	movl $boot_pdpt + 3, boot_pml4
	movl $boot_pd + 3, %eax
	xorl %ecx, %ecx
1:	movl %eax, boot_pdpt(, %ecx, 8)
	addl $4096, %eax
	incl %ecx
	cmpl $4, %ecx
	jne 1b
	movl $0x83, %eax          /* present | writable | 2 MiB page */
	xorl %ecx, %ecx
2:	movl %eax, boot_pd(, %ecx, 8)
	addl $0x200000, %eax
	incl %ecx
	cmpl $2048, %ecx
	jne 2b

	movl %cr4, %eax
	orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $(EFER_LME | EFER_NXE), %eax
	wrmsr
	movl %cr0, %eax
	andl $~(CR0_EM | CR0_TS), %eax
	orl $(CR0_PG | CR0_WP | CR0_MP | CR0_NE | CR0_PE), %eax
	movl %eax, %cr0

	lgdt gdt_ptr
	ljmp $GDT_KERNEL_CS, $pvh_entry64

	.code64
pvh_entry64:
	movl $GDT_KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp           /* ends every backtrace */
	fninit
	movl boot_start_info(%rip), %edi
	call x86_pvh_start
	ud2

	.data
	.p2align 3
	.globl boot_entry_tsc
boot_entry_tsc: .quad 0
boot_start_info: .long 0

	.bss
	.p2align 12
boot_pml4: .skip 4096
boot_pdpt: .skip 4096
boot_pd: .skip 4 * 4096
	.p2align 4
	.globl boot_stack_top
boot_stack: .skip 16384
boot_stack_top:

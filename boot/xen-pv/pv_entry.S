/*
 * Xen PV entry. Xen's PV domain builder reads these ELF notes (the PVH
 * entry's PHYS32_ENTRY note sits beside them: one image boots both ways),
 * maps the image at virtual = pseudo-physical address (VIRT_BASE 0), fills
 * the hypercall page, and jumps to xen_pv_entry in 64-bit mode, unprivileged
 * (ring 3), events masked, with %rsi = the start_info page.
 */
#define __ASSEMBLY__ 1 /* what the Xen headers test for */
#include <xen/elfnote.h>

.macro NOTE type, desc:vararg
	.p2align 2
	.long 4, 2f - 1f, \type
	.asciz "Xen"
1:	\desc
2:	.p2align 2
.endm

	.section .note.Xen, "a"
	NOTE XEN_ELFNOTE_GUEST_OS, .asciz "Amphi"
	NOTE XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	NOTE XEN_ELFNOTE_LOADER, .asciz "generic"
	NOTE XEN_ELFNOTE_VIRT_BASE, .quad 0
	NOTE XEN_ELFNOTE_PADDR_OFFSET, .quad 0
	NOTE XEN_ELFNOTE_ENTRY, .quad xen_pv_entry
	NOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page

	.text
	.globl xen_pv_entry
xen_pv_entry:
	cld
	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	movq %rax, boot_entry_tsc(%rip)
	leaq boot_stack_top(%rip), %rsp  /* Xen's boot stack lies in memory we reuse */
	xorl %ebp, %ebp                  /* ends every backtrace */
	fninit
	movq %rsi, %rdi
	call x86_xen_pv_start
	ud2

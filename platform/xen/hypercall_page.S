/* The hypercall page Xen fills in (hypercall.h). Until it does, every stub
 * is int3, so a hypercall made too early traps instead of running garbage. */
	.section .text.hypercall_page, "ax"
	.p2align 12
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

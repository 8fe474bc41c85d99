/* The floor for boot-time comparisons: a PVH kernel of one instruction,
 * which writes to QEMU's isa-debug-exit port and so ends the VM at once. */
	.section .note.Xen, "a"
	.p2align 2
	.long 4, 4, 18 /* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long tiny_entry

	.text
	.code32
	.globl tiny_entry
tiny_entry:
	outb %al, $0xf4

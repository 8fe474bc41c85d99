/* The app's unmodified kernel+app ELF image (stripped of debug info), carried
 * inside the .efi; KERNEL_ELF is its path, set by the Makefile. */
	.section .rodata
	.p2align 12
	.globl kernel_image, kernel_image_end
kernel_image:
	.incbin KERNEL_ELF
kernel_image_end:

	.section .note.GNU-stack, "", @progbits

/* The root file system packed into the image (make ROOTFS=dir): a newc cpio
 * archive whose path the Makefile passes as ROOTFS_CPIO; rootfs.c unpacks it
 * at boot. */
	.section .rodata.rootfs, "a"
	.p2align 3
	.globl amphi_rootfs_start, amphi_rootfs_end
amphi_rootfs_start:
	.incbin ROOTFS_CPIO
amphi_rootfs_end:

	.section .note.GNU-stack, "", @progbits

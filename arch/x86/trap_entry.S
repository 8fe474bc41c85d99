/*
 * Exception entry stubs. Each pushes a dummy error code where the CPU does not,
 * then the vector, then every general register, so x86_trap() sees one
 * struct trap_frame (arch/x86/cpu.h) whatever the vector.
 */
#include "regs.S.h"

	.text

.macro TRAP_NOERR vec
	.globl trap_entry_\vec
trap_entry_\vec:
	pushq $0
	pushq $\vec
	jmp trap_common
.endm

.macro TRAP_ERR vec
	.globl trap_entry_\vec
trap_entry_\vec:
	pushq $\vec
	jmp trap_common
.endm

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR 8
TRAP_NOERR 9
TRAP_ERR 10
TRAP_ERR 11
TRAP_ERR 12
TRAP_ERR 13
TRAP_ERR 14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR 17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR 21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR 29
TRAP_ERR 30
TRAP_NOERR 31

trap_common:
	SAVE_GPRS
	movq %rsp, %rdi
	cld
	call x86_trap
	RESTORE_GPRS
	addq $16, %rsp            /* vector and error code */
	iretq

	.section .rodata
	.p2align 3
	.globl trap_entry_table
trap_entry_table:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad trap_entry_\v
	.endr

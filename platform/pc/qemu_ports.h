/* QEMU's little devices at fixed ports on a PC, for ending the VM. */
#ifndef AMPHI_PC_QEMU_PORTS_H
#define AMPHI_PC_QEMU_PORTS_H

/* QEMU's `-device isa-debug-exit,iobase=0xf4,iosize=4`: exits with (v << 1) | 1. */
#define DEBUG_EXIT_PORT 0xf4
/* QEMU's pvpanic ISA device (libvirt's <panic model='isa'/>): reading gives
 * the events it supports, writing PVPANIC_PANICKED reports a guest panic. */
#define PVPANIC_PORT 0x505
#define PVPANIC_PANICKED 1

#endif

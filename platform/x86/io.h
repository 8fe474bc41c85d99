/* x86 port I/O and MMIO accessors. */
#ifndef AMPHI_X86_IO_H
#define AMPHI_X86_IO_H

#include <stdint.h>

/* QEMU's `-device isa-debug-exit,iobase=0xf4,iosize=4`: exits with (v << 1) | 1. */
#define DEBUG_EXIT_PORT 0xf4
/* QEMU's pvpanic ISA device (libvirt's <panic model='isa'/>): reading gives
 * the events it supports, writing PVPANIC_PANICKED reports a guest panic. */
#define PVPANIC_PORT 0x505
#define PVPANIC_PANICKED 1

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline void mmio_write32(volatile void *p, uint32_t v) { *(volatile uint32_t *)p = v; }
static inline uint32_t mmio_read32(const volatile void *p) { return *(const volatile uint32_t *)p; }
static inline void mmio_write8(volatile void *p, uint8_t v) { *(volatile uint8_t *)p = v; }

#endif

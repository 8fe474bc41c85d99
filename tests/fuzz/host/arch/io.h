/* Port and MMIO access for harnesses, in place of arch/io.h: the
 * port functions go to the harness's fake devices (fuzz_port_in/out), MMIO is
 * plain memory the harness handed out. */
#ifndef AMPHI_ARCH_IO_H
#define AMPHI_ARCH_IO_H

#include <stdint.h>

uint32_t fuzz_port_in(uint16_t port, unsigned width);
void fuzz_port_out(uint16_t port, unsigned width, uint32_t v);

static inline void outb(uint16_t port, uint8_t v) { fuzz_port_out(port, 1, v); }
static inline void outw(uint16_t port, uint16_t v) { fuzz_port_out(port, 2, v); }
static inline void outl(uint16_t port, uint32_t v) { fuzz_port_out(port, 4, v); }
static inline uint8_t inb(uint16_t port) { return (uint8_t)fuzz_port_in(port, 1); }
static inline uint16_t inw(uint16_t port) { return (uint16_t)fuzz_port_in(port, 2); }
static inline uint32_t inl(uint16_t port) { return fuzz_port_in(port, 4); }

static inline void mmio_write32(volatile void *p, uint32_t v) { *(volatile uint32_t *)p = v; }
static inline uint32_t mmio_read32(const volatile void *p) { return *(const volatile uint32_t *)p; }
static inline void mmio_write8(volatile void *p, uint8_t v) { *(volatile uint8_t *)p = v; }

#endif

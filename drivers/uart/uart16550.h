/* 16550 UART (COM1 on PC-compatible machines), polled transmit. */
#ifndef AMPHI_UART16550_H
#define AMPHI_UART16550_H

#include <stddef.h>
#include <stdint.h>

#define COM1_PORT 0x3f8

void uart16550_init(uint16_t port);
/* Writes len bytes, turning "\n" into "\r\n" for terminals. */
void uart16550_write(uint16_t port, const char *buf, size_t len);

#endif

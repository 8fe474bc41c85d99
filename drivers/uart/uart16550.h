/* 16550 UART (COM1 on PC-compatible machines): polled transmit, receive
 * by interrupt (uart_input.c). */
#ifndef AMPHI_UART16550_H
#define AMPHI_UART16550_H

#include <stddef.h>
#include <stdint.h>

#define COM1_PORT 0x3f8

void uart16550_init(uint16_t port);
/* Writes len bytes, turning "\n" into "\r\n" for terminals. */
void uart16550_write(uint16_t port, const char *buf, size_t len);
/* Raise the receive interrupt when data arrives. */
void uart16550_rx_enable(uint16_t port);
int uart16550_rx_ready(uint16_t port); /* a byte waits in the receiver */
uint8_t uart16550_rx(uint16_t port);
/* What arrived before uart16550_init (up to 64 bytes), taken once. */
size_t uart16550_early_input(char *buf, size_t len);

#endif

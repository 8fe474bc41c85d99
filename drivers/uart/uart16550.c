#include "uart16550.h"

#include "arch/io.h"

enum { THR = 0, IER = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5 };
#define LSR_THRE 0x20

void uart16550_init(uint16_t port)
{
	outb(port + IER, 0);    /* no interrupts: we poll */
	outb(port + LCR, 0x80); /* divisor latch */
	outb(port + 0, 1);      /* 115200 baud */
	outb(port + 1, 0);
	outb(port + LCR, 0x03); /* 8N1 */
	outb(port + FCR, 0x07); /* FIFOs on and cleared */
	outb(port + MCR, 0x03); /* DTR, RTS */
}

static void put(uint16_t port, char c)
{
	/* Bounded wait: a missing UART reads 0xff (THRE set), so this never hangs. */
	for (int i = 0; i < 100000 && !(inb(port + LSR) & LSR_THRE); i++)
		;
	outb(port + THR, (uint8_t)c);
}

void uart16550_write(uint16_t port, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			put(port, '\r');
		put(port, buf[i]);
	}
}

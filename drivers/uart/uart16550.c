#include "uart16550.h"

#include "arch/io.h"

enum { THR = 0, RBR = 0, IER = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5 };
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define IER_RDA 0x01
#define MCR_OUT2 0x08 /* gates the UART's interrupt line on PCs */

/* A missing UART reads 0xff, which is never "data ready". */
int uart16550_rx_ready(uint16_t port)
{
	uint8_t lsr = inb(port + LSR);
	return lsr != 0xff && (lsr & LSR_DR);
}

/* Input that arrived before init: setting up the FIFOs below clears them
 * (QEMU, like real 16550s, empties both when FIFO mode is switched on). */
static char early[64];
static size_t nearly;

void uart16550_init(uint16_t port)
{
	while (nearly < sizeof(early) && uart16550_rx_ready(port))
		early[nearly++] = (char)inb(port + RBR);
	outb(port + IER, 0);    /* no interrupts until input is wanted */
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

void uart16550_rx_enable(uint16_t port)
{
	outb(port + MCR, 0x03 | MCR_OUT2);
	outb(port + IER, IER_RDA);
}

uint8_t uart16550_rx(uint16_t port) { return inb(port + RBR); }

size_t uart16550_early_input(char *buf, size_t len)
{
	size_t n = nearly < len ? nearly : len;
	for (size_t i = 0; i < n; i++)
		buf[i] = early[i];
	nearly = 0;
	return n;
}

/*
 * The console's input on PC-compatible machines (QEMU microvm, pc, q35,
 * and after the UEFI loader): COM1's receive interrupt (ISA IRQ 4, edge,
 * active high) drains the UART's FIFO into the console (kernel/console.h).
 */
#include "arch/io.h"
#include "arch/irq.h"
#include "kernel/console.h"
#include "kernel/device.h"
#include "kernel/printk.h"
#include "platform/platform.h"
#include "uart16550.h"

#define COM1_GSI 4

static void uart_rx(void *arg)
{
	(void)arg;
	char buf[64];
	size_t n = 0;
	/* bounded: a UART that always says "data ready" cannot keep us here */
	for (int i = 0; i < 4096 && uart16550_rx_ready(COM1_PORT); i++) {
		buf[n++] = (char)uart16550_rx(COM1_PORT);
		if (n == sizeof(buf)) {
			console_input(buf, n);
			n = 0;
		}
	}
	if (n)
		console_input(buf, n);
}

static void uart_input_start(void)
{
	if (platform->flags & PLATFORM_NO_EMULATED_DEVICES)
		return;
	struct irq_request req = { .source = IRQ_FROM_GSI, .gsi = COM1_GSI, .flags = IRQ_EDGE | IRQ_ACTIVE_HIGH };
	int rc = irq_request(&req, uart_rx, NULL);
	if (rc < 0) {
		kprintf("uart16550: no interrupt for COM1's input (error %d): stdin is at end of file\n", rc);
		return;
	}
	console_input_enable();
	char early[64];
	console_input(early, uart16550_early_input(early, sizeof(early)));
	uart16550_rx_enable(COM1_PORT);
	uart_rx(NULL); /* what arrived before the interrupt was on */
}

DRIVER(uart_input, .name = "uart16550 input", .order = DRIVER_ORDER_CONSOLE, .start = uart_input_start);

/* The console's input buffer (console.h): a ring the platform's interrupt
 * handler fills and threads drain. */
#include <errno.h>

#include "arch/arch.h"
#include "console.h"
#include "sync.h"
#include "kernel/vfs/file.h"

#define INPUT_SIZE 4096 /* a power of two */

static struct {
	char ring[INPUT_SIZE];
	volatile size_t head, tail; /* written at head, read at tail */
	volatile int eof, enabled;
	size_t dropped;
	struct waitq readers;
	int ready;
} in;

static void init_once(void)
{
	if (!in.ready) {
		waitq_init(&in.readers);
		in.ready = 1;
	}
}

void console_input_enable(void)
{
	init_once();
	in.enabled = 1;
}

void console_input(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (in.head - in.tail == INPUT_SIZE) {
			in.dropped += len - i;
			break;
		}
		in.ring[in.head++ % INPUT_SIZE] = buf[i];
	}
	if (in.ready)
		waitq_wake_all(&in.readers);
	file_poll_wake();
}

void console_input_eof(void)
{
	in.eof = 1;
	if (in.ready)
		waitq_wake_all(&in.readers);
	file_poll_wake();
}

int console_readable(void) { return !in.enabled || in.eof || in.head != in.tail; }

ssize_t console_read(void *buf, size_t len, int nonblock)
{
	if (len == 0)
		return 0;
	init_once();
	unsigned long flags = arch_irq_save();
	while (!console_readable()) {
		if (nonblock) {
			arch_irq_restore(flags);
			return -EAGAIN;
		}
		waitq_wait(&in.readers, 0);
	}
	size_t n = 0;
	if (in.tail != in.head && in.ring[in.tail % INPUT_SIZE] == CONSOLE_EOF) {
		in.tail++; /* ^D: this read is the end of file */
	} else {
		while (n < len && in.tail != in.head && in.ring[in.tail % INPUT_SIZE] != CONSOLE_EOF)
			((char *)buf)[n++] = in.ring[in.tail++ % INPUT_SIZE];
	}
	arch_irq_restore(flags);
	return (ssize_t)n;
}

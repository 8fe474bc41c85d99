/*
 * The console's input side (stdin). The platform's console driver pushes
 * what the host types with console_input() (interrupt context is fine) and
 * console_input_eof() when the host closes its end; readers take it with
 * console_read(). The line discipline is minimal: bytes arrive as sent, the
 * kernel echoes nothing and edits nothing, and a read returns what is
 * there (at least one byte). As on a terminal, ^D (EOT, 0x04) marks an end
 * of file: the read that meets it returns what came before it, the next
 * returns 0, and later input reads on. A serial line has no other way to
 * say its input ended: tools/run sends ^D when its own stdin ends. A
 * platform without console input reads as end of file.
 */
#ifndef AMPHI_CONSOLE_H
#define AMPHI_CONSOLE_H

#include <stddef.h>
#include <sys/types.h>

#include "printk.h" /* console_write */

#define CONSOLE_EOF 0x04

/* Called by the platform once it can deliver input. */
void console_input_enable(void);
/* Bytes from the host; what does not fit in the buffer (4 KiB) is dropped
 * and counted, never blocking the caller. */
void console_input(const char *buf, size_t len);
void console_input_eof(void);

/* Up to len bytes of input: blocks until at least one byte or end of file
 * (0), or -EAGAIN when nonblock and there is none yet. */
ssize_t console_read(void *buf, size_t len, int nonblock);
/* Would console_read return without blocking? */
int console_readable(void);

#endif

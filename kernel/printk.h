/* Kernel console output: a small printf that needs no libc state, so it works
 * in a trap handler and before newlib is initialised. */
#ifndef AMPHI_PRINTK_H
#define AMPHI_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

/* Supports %d %i %u %x %X %p %s %c %%, the l/ll/z length modifiers, '#', '-',
 * '0' and a field width. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_write(const char *buf, size_t len);

#endif

/* Fatal errors: a message, a symbolized backtrace, and power-off with
 * EXIT_STATUS_PANIC. A second panic while panicking powers off at once. */
#ifndef AMPHI_PANIC_H
#define AMPHI_PANIC_H

#include <stdint.h>

#include "printk.h"

struct panic_regs {
	uint64_t rip, rsp, rbp;
	uint64_t caller; /* return address on the stack, when rip itself is junk */
	int rip_is_return; /* rip is a return address (panic() called), not a fault */
};

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* Used by the architecture's trap handler: begin prints the panic line
 * ("panic: <trap> (<detail>) in <function>+<off>"), the caller may print
 * registers, end prints the backtrace and powers off. */
void panic_trap_begin(const char *name, unsigned vector, const char *detail,
		      struct panic_regs *regs);
__attribute__((noreturn)) void panic_trap_end(const struct panic_regs *regs);

#endif

/* Kernel-wide entry points used by libc-shim and the platforms. */
#ifndef AMPHI_KERNEL_H
#define AMPHI_KERNEL_H

#include <stdint.h>

#include "cmdline.h"

/* Parsed boot command line (valid from kernel_main on). */
extern struct cmdline kernel_cmdline;
/* Cycle counter when the platform entry ran (for amphi.bootstats). */
extern uint64_t kernel_entry_cycles;
/* The boot command line as the loader gave it (drivers look for their own words). */
extern const char *kernel_boot_cmdline;

/* End the app with status (clamped to the app range) and power off. */
__attribute__((noreturn)) void kernel_exit(int status);

/* libc-shim: the C library's per-thread state, before any thread but the
 * app's main one is created (drivers start threads). */
void libc_init(void);
/* libc-shim: the app's constructors, then main(); never returns. */
__attribute__((noreturn)) void libc_start(int argc, char **argv, char **envp);

#endif

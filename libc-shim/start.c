/* Start-up and shut-down of the C library around the app's main(). */
#include <stdio.h>
#include <stdlib.h>

#include "arch/arch.h"
#include "kernel/kernel.h"
#include "kernel/printk.h"

extern int main(int argc, char **argv, char **envp);
extern void __libc_init_array(void);
extern char **environ;
/* pthread.c: per-thread C library state, registered with the scheduler. */
extern void libc_threads_init(void);

/* __libc_init_array calls these around the .init_array constructors; the
 * image has no .init/.fini sections, so there is nothing for them to do. */
void _init(void) {}
void _fini(void) {}

static void print_bootstats(void)
{
	uint64_t now = arch_cycles(), hz = arch_cycles_hz();
	uint64_t cycles = now - kernel_entry_cycles;
	kprintf("amphi: bootstats: entry to main %lu cycles, %lu us (TSC %lu MHz)\n",
		(unsigned long)cycles, (unsigned long)(cycles * 1000000 / hz),
		(unsigned long)(hz / 1000000));
}

void libc_init(void) { libc_threads_init(); }

void libc_start(int argc, char **argv, char **envp)
{
	environ = envp;
	__libc_init_array();
	if (kernel_cmdline.bootstats)
		print_bootstats();
	exit(main(argc, argv, envp));
}

/* kernel_main: from the platform's boot information to the app's main(). */
#include <string.h>

#include "arch/arch.h"
#include "device.h"
#include "kernel.h"
#include "mm.h"
#include "panic.h"
#include "platform/platform.h"
#include "thread.h"
#include "timer.h"
#include "kernel/vfs/rootfs.h"

const struct platform *platform;
struct cmdline kernel_cmdline;
uint64_t kernel_entry_cycles;
const char *kernel_boot_cmdline;

/* The app's name (argv[0]), generated per image by the build. */
extern const char amphi_app_name[];

static char cmdline_buf[BOOT_CMDLINE_MAX];

static const char *const mem_type_names[] = { "?", "RAM", "reserved", "ACPI", "ACPI NVS", "unusable" };

__attribute__((noreturn)) static void boot_fail(void) { platform->poweroff(EXIT_STATUS_BOOT); }

int kernel_verbose(void) { return kernel_cmdline.verbose; }

void kernel_exit(int status)
{
	if (status < 0 || status > EXIT_STATUS_MAX_APP)
		status = EXIT_STATUS_MAX_APP;
	platform->poweroff(status);
}

/* amphi.memwatch: once a second, the page high-water mark if it rose (what
 * a flood or a hostile peer made the guest allocate at worst). */
static void memwatch(struct timer *t, void *arg)
{
	static uint64_t shown;
	(void)t, (void)arg;
	uint64_t total = pmem_total_pages(), peak = total - pmem_low_free_pages();
	if (peak == shown)
		return;
	shown = peak;
	kprintf("amphi: memwatch: high-water %lu KiB of %lu KiB, in use %lu KiB\n",
		(unsigned long)(peak * 4), (unsigned long)(total * 4),
		(unsigned long)((total - pmem_free_pages()) * 4));
}

static void start_app(void *arg)
{
	static struct timer memwatch_timer;
	struct cmdline *cl = arg;
	sched_init(); /* this context becomes the "main" thread */
	arch_irq_enable(); /* device and timer interrupts from here on */
	if (cl->memwatch) {
		timer_init(&memwatch_timer, memwatch, NULL);
		timer_start(&memwatch_timer, platform->monotonic_ns() + 1000000000ull, 1000000000ull);
	}
	if (cl->probe)
		kernel_exit(0);
	libc_init();     /* threads created from here on get their own C library state */
	devices_start(); /* every driver, in kernel/device.h's order */
	libc_start(cl->argc, cl->argv, cl->envp);
}

void kernel_main(struct boot_info *bi, const struct platform *plat)
{
	platform = plat;
	kernel_entry_cycles = bi->entry_tsc;
	kernel_boot_cmdline = bi->cmdline;
	if (plat->init(bi) < 0)
		boot_fail();

	if (bi->error) { /* the entry point found it before there was a console */
		kprintf("amphi: cannot boot: %s\n", bi->error);
		boot_fail();
	}
	char err[192];
	memcpy(cmdline_buf, bi->cmdline, sizeof(cmdline_buf));
	if (cmdline_parse(cmdline_buf, amphi_app_name, &kernel_cmdline, err, sizeof(err)) < 0) {
		kprintf("amphi: bad command line: %s\n", err);
		boot_fail();
	}
	if (kernel_cmdline.verbose) {
		kprintf("amphi: platform %s, command line '%s'\n", plat->name, bi->cmdline);
		for (unsigned i = 0; i < bi->nmem; i++)
			kprintf("amphi:   mem %016lx-%016lx %s\n", (unsigned long)bi->mem[i].base,
				(unsigned long)(bi->mem[i].base + bi->mem[i].len),
				mem_type_names[bi->mem[i].type]);
	}
	if (bi->nmem == 0) {
		kprintf("amphi: the boot loader gave no memory map\n");
		boot_fail();
	}
	if (mm_init(bi) < 0)
		boot_fail();
	if (arch_late_init() < 0) {
		kprintf("amphi: out of memory for the exception stacks\n");
		boot_fail();
	}
	if (plat->late_init && plat->late_init() < 0)
		boot_fail();
	if (rootfs_init(bi) < 0)
		boot_fail();
	if (kernel_cmdline.verbose)
		kprintf("amphi: %lu KiB free after boot\n", (unsigned long)(pmem_free_pages() * 4));

	void *stack = mm_stack_alloc(kernel_cmdline.stack_size);
	if (!stack) {
		kprintf("amphi: out of memory for the main stack (%lu KiB)\n",
			(unsigned long)(kernel_cmdline.stack_size / 1024));
		boot_fail();
	}
	arch_run_on_stack(stack, start_app, &kernel_cmdline);
}

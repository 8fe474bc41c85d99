/* Ending the domain. Whoever started it reads the status from the console
 * (xl only sees poweroff, reboot or crash), so it is printed as the last line. */
#include "kernel/printk.h"
#include "platform/platform.h"
#include "xen.h"
#include "xen_internal.h"

static int exit_reboot;

void xen_shutdown_as_reboot(void) { exit_reboot = 1; }

void xen_poweroff(int status)
{
	kprintf("amphi: exit %d\n", status);
	/* xl destroys the domain at once: let xenconsoled read the ring first. */
	xen_console_flush();
	unsigned normal = exit_reboot ? SHUTDOWN_reboot : SHUTDOWN_poweroff;
	struct sched_shutdown s = { .reason = status == EXIT_STATUS_PANIC ? SHUTDOWN_crash : normal };
	for (;;)
		xen_sched_op(SCHEDOP_shutdown, &s);
}

/* Ending the domain. Whoever started it reads the status from the console
 * (xl only sees poweroff, reboot or crash), so it is printed as the last line. */
#include "platform.h"
#include "printk.h"
#include "xen_internal.h"

int xen_exit_reboot;

void xen_poweroff(int status)
{
	kprintf("amphi: exit %d\n", status);
	/* xl destroys the domain at once: let xenconsoled read the ring first. */
	xen_console_flush();
	unsigned normal = xen_exit_reboot ? SHUTDOWN_reboot : SHUTDOWN_poweroff;
	struct sched_shutdown s = { .reason = status == EXIT_STATUS_PANIC ? SHUTDOWN_crash : normal };
	for (;;)
		xen_sched_op(SCHEDOP_shutdown, &s);
}

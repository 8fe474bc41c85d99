/* Starting the drivers in their documented order (device.h). */
#include "device.h"

#include "kernel.h"
#include "printk.h"

/* The linker's bounds of the amphi_drivers section. */
extern const struct driver __start_amphi_drivers[], __stop_amphi_drivers[];

void devices_start(void)
{
	const struct driver *d, *first = __start_amphi_drivers, *end = __stop_amphi_drivers;
	/* Each order in turn: a handful of drivers, no sorting needed. */
	for (unsigned order = 0, next; order != ~0u; order = next) {
		next = ~0u;
		for (d = first; d < end; d++) {
			if (d->order == order) {
				if (kernel_cmdline.verbose)
					kprintf("amphi: starting driver %s\n", d->name);
				d->start();
			} else if (d->order > order && d->order < next) {
				next = d->order;
			}
		}
	}
}

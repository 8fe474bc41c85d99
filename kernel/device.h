/*
 * The device model. Every driver declares itself once, with DRIVER(), and
 * devices_start() brings them all up, once, at boot: after the scheduler and
 * the C library's per-thread state, before the app's constructors and
 * main(), so an app finds its devices ready. A driver's start searches its
 * bus (PCI, virtio-mmio, xenstore...) and registers each device it can use
 * with its class's interface (netdev_register for NICs); kernel/ names no
 * driver. Block devices slot in the same way, with their interface and
 * their place in the order.
 *
 * The order, by DRIVER_ORDER_* (drivers of one order start in link order):
 *   CONSOLE  the console's input (kernel/console.h)
 *   CONTROL  the hypervisor's control channel (Xen: xl shutdown/reboot)
 *   NET      network interfaces
 * A start runs in a thread (it may create threads and sleep, e.g. for a
 * xenstore reply), must return whether or not it found anything, and says
 * itself why a device it found is unusable. A driver for emulated hardware
 * checks PLATFORM_NO_EMULATED_DEVICES before touching its bus.
 */
#ifndef AMPHI_DEVICE_H
#define AMPHI_DEVICE_H

#define DRIVER_ORDER_CONSOLE 5
#define DRIVER_ORDER_CONTROL 10
#define DRIVER_ORDER_NET 20

struct driver {
	const char *name;
	unsigned order; /* DRIVER_ORDER_* */
	void (*start)(void);
};

/* DRIVER(ident, .name = "virtio-net", .order = DRIVER_ORDER_NET, .start = fn):
 * a driver devices_start() will start. The linker gathers them in one
 * section; an image carries every driver it was built with. */
#define DRIVER(ident, ...)                                                                   \
	static const struct driver ident                                                     \
	    __attribute__((used, section("amphi_drivers"), aligned(sizeof(void *)))) = { __VA_ARGS__ }

/* Start every driver, in order. Called once, by kernel_main's app thread. */
void devices_start(void);

#endif

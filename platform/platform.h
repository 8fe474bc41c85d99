/*
 * The platform interface, both ways: what kernel/ may ask of the hypervisor
 * (struct platform: kernel -> platform), and the few calls a platform makes
 * into the kernel (at the end: platform -> kernel).
 *
 * One image carries every platform. An entry point (boot/pvh, boot/xen-pv;
 * boot/efi loads the image and enters it through the PVH entry) fills a
 * struct boot_info, picks the platform that matches the hypervisor it finds
 * (CPUID leaf 0x40000000) and calls kernel_main() with it. kernel/ never
 * touches hardware, page-table entries or hypercalls itself; it goes through
 * these operations.
 */
#ifndef AMPHI_PLATFORM_H
#define AMPHI_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* ---- What the entry point found, in platform-neutral form. ---- */

enum mem_type { MEM_RAM = 1, MEM_RESERVED = 2, MEM_ACPI = 3, MEM_NVS = 4, MEM_UNUSABLE = 5 };

struct mem_region {
	uint64_t base, len;
	uint32_t type; /* enum mem_type */
};

struct boot_module {
	uint64_t paddr, len;
};

#define BOOT_MEM_MAX 64
#define BOOT_MOD_MAX 8
#define BOOT_CMDLINE_MAX 4096

struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX]; /* copied: the loader's page may be reused */
	struct mem_region mem[BOOT_MEM_MAX];
	unsigned nmem;
	struct boot_module mod[BOOT_MOD_MAX];
	unsigned nmod;
	uint64_t rsdp_paddr; /* ACPI root pointer, 0 if unknown */
	uint64_t entry_tsc;  /* TSC at the very first instruction (for amphi.bootstats) */
	/* What only the platform the entry picks reads (Xen PV: start_info). */
	const void *platform_data;
	/* Set by the entry point when what the loader gave is unusable (a
	 * command line too long, a corrupt module list...): there is no console
	 * yet, so kernel_main reports it and stops with EXIT_STATUS_BOOT. */
	const char *error;
};

/* ---- Page tables: the only way to change the address space. ---- */

#define PT_READ 0x1u
#define PT_WRITE 0x2u
#define PT_EXEC 0x4u
#define PT_DEVICE 0x8u /* uncached: MMIO */

/* ---- Exit status seen by whoever started the VM. ---- */

#define EXIT_STATUS_MAX_APP 125 /* app statuses above this are clamped */
#define EXIT_STATUS_BOOT 126    /* bad command line, too little memory */
#define EXIT_STATUS_PANIC 127   /* trap, abort(), kernel panic */

/* struct platform.flags */
/* No emulated hardware (Xen: PV devices only): drivers for PCI, virtio-mmio
 * or ports must not probe, a Xen PV guest may not even touch the ports. */
#define PLATFORM_NO_EMULATED_DEVICES 0x1

struct platform {
	const char *name;
	unsigned flags; /* PLATFORM_* */
	/* Is this the hypervisor we run on? Called before anything else. */
	int (*probe)(const struct boot_info *bi);
	/* Bring up the console and what the platform needs before memory
	 * management; called once, first. 0, or a negative errno (the reason
	 * printed if the console came up): the kernel stops with EXIT_STATUS_BOOT. */
	int (*init)(struct boot_info *bi);
	/* Write to the console; must work at any time, even in a trap. */
	void (*console_write)(const char *buf, size_t len);

	/* Start a new, empty address space that the map calls below fill in.
	 * Returns 0 or a negative errno. */
	int (*pt_init)(void);
	/* Map/unmap/re-protect page-aligned ranges (PT_* flags). Returns 0 or
	 * a negative errno; on failure nothing of the range stays half-mapped. */
	int (*pt_map)(uintptr_t va, uint64_t pa, size_t len, unsigned flags);
	int (*pt_unmap)(uintptr_t va, size_t len);
	int (*pt_protect)(uintptr_t va, size_t len, unsigned flags);
	/* Is va mapped? If so and pa is not NULL, *pa = the page's physical address. */
	int (*pt_lookup)(uintptr_t va, uint64_t *pa);
	/* Switch to the address space built since pt_init(). */
	void (*pt_activate)(void);

	/* Time since boot, and the wall clock (ns since 1970). */
	uint64_t (*monotonic_ns)(void);
	uint64_t (*wallclock_ns)(void);

	/* Once memory management is up: interrupt controllers, timer, clock
	 * source. Returns 0 or a negative errno (message already printed). */
	int (*late_init)(void);
	/* Arm the one-shot timer: an interrupt at or soon after deadline_ns on the
	 * monotonic clock. UINT64_MAX disarms. Tickless: only the next deadline. */
	void (*timer_set)(uint64_t deadline_ns);
	/* Called with interrupts disabled: enable them and wait for one (hlt,
	 * SCHEDOP_block), atomically; return with interrupts disabled again. */
	void (*idle)(void);

	/* Power off with an EXIT_STATUS_* or app status; never returns. */
	__attribute__((noreturn)) void (*poweroff)(int status);
};

/* The platform the kernel runs on (set by kernel_main). */
extern const struct platform *platform;

/* ---- platform -> kernel: what kernel/ offers the entries and platforms. ---- */

/* The entry point calls it once, with the chosen platform. */
__attribute__((noreturn)) void kernel_main(struct boot_info *bi, const struct platform *plat);
/* From the timer's interrupt handler: a deadline given to timer_set passed. */
void kernel_timer_interrupt(void);
/* amphi.verbose was given: say what was found (valid once init returned). */
int kernel_verbose(void);

#endif

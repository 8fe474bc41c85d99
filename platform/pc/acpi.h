/* ACPI: S5 (soft-off) power-off (find the tables, decode \_S5, write the sleep
 * register) and the MADT (interrupt controllers). Parsing is pure
 * (host-testable); only acpi_poweroff() touches hardware. */
#ifndef AMPHI_X86_ACPI_H
#define AMPHI_X86_ACPI_H

#include <stddef.h>
#include <stdint.h>

/* Negative results; acpi_poweroff() only returns if the VM is still running. */
#define ACPI_ENORSDP (-1) /* no valid RSDP (e.g. `-M microvm,acpi=off`) */
#define ACPI_ENOFADT (-2) /* no valid RSDT/XSDT or no valid FACP in it */
#define ACPI_ENOS5   (-3) /* no valid DSDT, or no decodable _S5 package in it */
#define ACPI_ENOREG  (-4) /* FADT has no usable sleep/PM1 control register */
#define ACPI_EALIVE  (-5) /* the sleep register was written but we are still running */
#define ACPI_ENOMADT (-6) /* no valid MADT ("APIC" table) */

#define ACPI_SPACE_MEM 0 /* GAS address space ids */
#define ACPI_SPACE_IO  1

/* One register write: `value` (SLP_TYP and SLP_EN already in place) at `addr`. */
struct acpi_sleep_write {
	uint8_t space;  /* ACPI_SPACE_MEM or ACPI_SPACE_IO */
	uint8_t width;  /* bytes: 1 = SLEEP_CONTROL_REG (HW-reduced), 2 = PM1x_CNT */
	uint16_t value;
	uint64_t addr;  /* I/O port or physical address */
};

struct acpi_poweroff_plan {
	int count;                  /* 1, or 2 when a PM1b control block exists */
	struct acpi_sleep_write w[2];
};

/* Maps physical [paddr, paddr+len) readable; NULL on failure (mm_map_phys fits). */
typedef void *(*acpi_map_fn)(uint64_t paddr, uint64_t len);

/* Scan DSDT/SSDT AML (table body after the 36-byte header) for Name(_S5_, Package(){a, b, ..})
 * and return SLP_TYPa (and SLP_TYPb if slp_typb != NULL; = a for a 1-element package).
 * Returns 0, or -1 if not found / malformed. */
int acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *slp_typa, uint8_t *slp_typb);

/* Physical address of a valid RSDP: `hint` if valid, else found in the EBDA or
 * 0xE0000-0xFFFFF. 0 if none. */
uint64_t acpi_find_rsdp(acpi_map_fn map, uint64_t hint);

/* Work out which register(s) to write for S5. 0 or a negative ACPI_E* code. */
int acpi_plan_poweroff(acpi_map_fn map, uint64_t rsdp_hint, struct acpi_poweroff_plan *plan);

/* Power the machine off via ACPI S5. rsdp_paddr: hvm_start_info.rsdp_paddr (0 if none).
 * Returns a negative ACPI_E* code if it could not. */
int acpi_poweroff(uint64_t rsdp_paddr);

/* ---- MADT: the interrupt controllers ---- */

#define ACPI_MADT_MAX_IOAPIC 8

struct acpi_madt {
	uint64_t lapic_paddr;  /* local APIC registers (after an address override) */
	int has_8259;          /* PCAT_COMPAT: legacy 8259 PICs present */
	unsigned nioapic;
	struct {
		uint8_t id;
		uint32_t paddr, gsi_base;
	} ioapic[ACPI_MADT_MAX_IOAPIC];
	/* Legacy ISA IRQ n arrives on GSI isa[n].gsi, with this trigger and
	 * polarity (interrupt source overrides; otherwise n, edge, active high). */
	struct {
		uint32_t gsi;
		uint8_t level, active_low;
	} isa[16];
};

/* Fill *m from the MADT. 0, ACPI_ENORSDP or ACPI_ENOMADT; *m holds the ISA
 * defaults (and no IOAPIC) whenever there is no table. */
int acpi_parse_madt(acpi_map_fn map, uint64_t rsdp_hint, struct acpi_madt *m);

#ifdef AMPHI_HOST_TEST
/* Host tests provide this: every register access acpi_poweroff() makes goes through it
 * (write != 0: store value; else return the register's value). */
uint32_t acpi_host_reg(int write, uint8_t space, uint64_t addr, unsigned width, uint32_t value);
#endif

#endif

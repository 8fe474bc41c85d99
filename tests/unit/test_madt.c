/* UNIT_SOURCES: platform/pc/acpi.c */
/* Host test of the MADT walker in platform/pc/acpi.c: tables as QEMU's pc and
 * microvm build them, in a fake 1 MiB "physical memory". */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "platform/pc/acpi.h"

#define PHYS_SIZE 0x100000
static uint8_t phys[PHYS_SIZE];

void *mm_map_phys(uint64_t paddr, uint64_t len)
{
	return paddr < PHYS_SIZE && len <= PHYS_SIZE - paddr ? phys + paddr : NULL;
}

/* acpi.c's power-off path wants this; the MADT walker never touches registers. */
uint32_t acpi_host_reg(int write, uint8_t space, uint64_t addr, unsigned width, uint32_t value)
{
	(void)write, (void)space, (void)addr, (void)width, (void)value;
	return 0;
}

#define RSDP_PA 0xf0000
#define RSDT_PA 0x10000
#define MADT_PA 0x11000

static void w16(uint64_t pa, uint16_t v) { memcpy(phys + pa, &v, 2); }
static void w32(uint64_t pa, uint32_t v) { memcpy(phys + pa, &v, 4); }
static void w64(uint64_t pa, uint64_t v) { memcpy(phys + pa, &v, 8); }

static void checksum(uint64_t pa, size_t len, size_t at)
{
	uint8_t s = 0;
	phys[pa + at] = 0;
	for (size_t i = 0; i < len; i++)
		s += phys[pa + i];
	phys[pa + at] = (uint8_t)-s;
}

/* RSDP (rev 0) -> RSDT -> one table at MADT_PA. */
static void put_root(void)
{
	memset(phys, 0, sizeof(phys));
	memcpy(phys + RSDP_PA, "RSD PTR ", 8);
	w32(RSDP_PA + 16, RSDT_PA);
	checksum(RSDP_PA, 20, 8);
	memcpy(phys + RSDT_PA, "RSDT", 4);
	w32(RSDT_PA + 4, 36 + 4);
	w32(RSDT_PA + 36, MADT_PA);
	checksum(RSDT_PA, 40, 9);
}

/* The MADT being built: header, then entries appended by the helpers. */
static uint32_t madt_len;

static void madt_begin(uint32_t lapic, uint32_t flags)
{
	memcpy(phys + MADT_PA, "APIC", 4);
	phys[MADT_PA + 8] = 1;
	w32(MADT_PA + 36, lapic);
	w32(MADT_PA + 40, flags);
	madt_len = 44;
}

static uint64_t madt_entry(uint8_t type, uint8_t len)
{
	uint64_t e = MADT_PA + madt_len;
	memset(phys + e, 0, len);
	phys[e] = type, phys[e + 1] = len;
	madt_len += len;
	return e;
}

static void madt_ioapic(uint8_t id, uint32_t addr, uint32_t gsi_base)
{
	uint64_t e = madt_entry(1, 12);
	phys[e + 2] = id;
	w32(e + 4, addr);
	w32(e + 8, gsi_base);
}

static void madt_override(uint8_t irq, uint32_t gsi, uint16_t flags)
{
	uint64_t e = madt_entry(2, 10);
	phys[e + 3] = irq;
	w32(e + 4, gsi);
	w16(e + 8, flags);
}

static void madt_end(void)
{
	w32(MADT_PA + 4, madt_len);
	checksum(MADT_PA, madt_len, 9);
}

static struct acpi_madt m;

static void test_pc(void)
{
	/* QEMU -M pc: a local APIC, one IOAPIC, IRQ 0 -> GSI 2, PCI lines level. */
	put_root();
	madt_begin(0xfee00000, 1);
	uint64_t lapic = madt_entry(0, 8);
	phys[lapic + 4] = 1; /* enabled */
	madt_ioapic(0, 0xfec00000, 0);
	madt_override(0, 2, 0);
	madt_override(5, 5, 0xd);  /* level (3 << 2), active high (1) */
	madt_override(9, 9, 0xd);
	madt_override(11, 11, 0xf); /* level, active low */
	madt_entry(4, 6);           /* local APIC NMI: ignored */
	madt_end();

	CHECK_EQ(acpi_parse_madt(mm_map_phys, RSDP_PA, &m), 0);
	CHECK_EQ(m.lapic_paddr, 0xfee00000);
	CHECK_EQ(m.has_8259, 1);
	CHECK_EQ(m.nioapic, 1);
	CHECK_EQ(m.ioapic[0].paddr, 0xfec00000);
	CHECK_EQ(m.ioapic[0].gsi_base, 0);
	CHECK_EQ(m.isa[0].gsi, 2);
	CHECK_EQ(m.isa[0].level, 0);
	CHECK_EQ(m.isa[0].active_low, 0);
	CHECK_EQ(m.isa[5].level, 1);
	CHECK_EQ(m.isa[5].active_low, 0);
	CHECK_EQ(m.isa[11].level, 1);
	CHECK_EQ(m.isa[11].active_low, 1);
	CHECK_EQ(m.isa[8].gsi, 8); /* no override: identity, edge, high */
	CHECK_EQ(m.isa[8].level, 0);
	/* Found by searching low memory when the loader names no RSDP. */
	CHECK_EQ(acpi_parse_madt(mm_map_phys, 0, &m), 0);
	CHECK_EQ(m.nioapic, 1);
}

static void test_microvm(void)
{
	/* QEMU -M microvm: two IOAPICs (the second for virtio-mmio), no PICs. */
	put_root();
	madt_begin(0xfee00000, 0);
	madt_ioapic(0, 0xfec00000, 0);
	madt_ioapic(1, 0xfec10000, 24);
	/* A 64-bit local APIC address override wins over the header's. */
	uint64_t e = madt_entry(5, 12);
	w64(e + 4, 0xfee10000);
	/* Overrides for another bus or a non-ISA IRQ are not ISA's. */
	e = madt_entry(2, 10);
	phys[e + 2] = 1, phys[e + 3] = 4;
	w32(e + 4, 40);
	madt_override(16, 20, 0);
	madt_end();

	CHECK_EQ(acpi_parse_madt(mm_map_phys, RSDP_PA, &m), 0);
	CHECK_EQ(m.has_8259, 0);
	CHECK_EQ(m.lapic_paddr, 0xfee10000);
	CHECK_EQ(m.nioapic, 2);
	CHECK_EQ(m.ioapic[1].id, 1);
	CHECK_EQ(m.ioapic[1].paddr, 0xfec10000);
	CHECK_EQ(m.ioapic[1].gsi_base, 24);
	CHECK_EQ(m.isa[4].gsi, 4);
	CHECK_EQ(m.isa[0].gsi, 0);
}

static void test_broken(void)
{
	/* An entry of length 0 would loop forever: the walk stops there. */
	put_root();
	madt_begin(0xfee00000, 0);
	madt_ioapic(0, 0xfec00000, 0);
	madt_entry(0x7f, 2);
	phys[MADT_PA + madt_len - 1] = 0;
	madt_ioapic(1, 0xfec10000, 24);
	madt_end();
	CHECK_EQ(acpi_parse_madt(mm_map_phys, RSDP_PA, &m), 0);
	CHECK_EQ(m.nioapic, 1);

	/* An entry running past the table's end is not read. */
	put_root();
	madt_begin(0xfee00000, 0);
	madt_ioapic(0, 0xfec00000, 0);
	madt_end();
	phys[MADT_PA + 44 + 1] = 40;
	checksum(MADT_PA, madt_len, 9);
	CHECK_EQ(acpi_parse_madt(mm_map_phys, RSDP_PA, &m), 0);
	CHECK_EQ(m.nioapic, 0);

	/* More IOAPICs than we keep: the first ones count, nothing overflows. */
	put_root();
	madt_begin(0xfee00000, 0);
	for (unsigned i = 0; i < ACPI_MADT_MAX_IOAPIC + 3; i++)
		madt_ioapic((uint8_t)i, 0xfec00000 + i * 0x1000, i * 24);
	madt_end();
	CHECK_EQ(acpi_parse_madt(mm_map_phys, RSDP_PA, &m), 0);
	CHECK_EQ(m.nioapic, ACPI_MADT_MAX_IOAPIC);

	/* A bad checksum: no MADT, and the defaults. */
	phys[MADT_PA + 50]++;
	CHECK_EQ(acpi_parse_madt(mm_map_phys, RSDP_PA, &m), ACPI_ENOMADT);
	CHECK_EQ(m.nioapic, 0);
	CHECK_EQ(m.isa[0].gsi, 0);
	CHECK_EQ(m.isa[15].gsi, 15);
	CHECK_EQ(m.lapic_paddr, 0xfee00000);

	/* No ACPI at all (microvm,acpi=off). */
	memset(phys, 0, sizeof(phys));
	CHECK_EQ(acpi_parse_madt(mm_map_phys, 0, &m), ACPI_ENORSDP);
	CHECK_EQ(m.nioapic, 0);
}

int main(void)
{
	test_pc();
	test_microvm();
	test_broken();
	return check_done();
}

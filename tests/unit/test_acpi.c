/* UNIT_SOURCES: platform/pc/acpi.c */
/* Host test of platform/pc/acpi.c: tables are built in a fake 2 MiB "physical memory"
 * that our mm_map_phys() hands out, and register accesses go to acpi_host_reg(). */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "platform/pc/acpi.h"

#define PHYS_SIZE 0x200000
static uint8_t phys[PHYS_SIZE];

void *mm_map_phys(uint64_t paddr, uint64_t len)
{
	return paddr < PHYS_SIZE && len <= PHYS_SIZE - paddr ? phys + paddr : NULL;
}

/* Register accesses recorded by acpi_poweroff(). */
static struct { int write; uint8_t space; uint64_t addr; unsigned width; uint32_t value; } acc[8];
static int nacc;
static uint32_t reg_read_value; /* what a read returns */

uint32_t acpi_host_reg(int write, uint8_t space, uint64_t addr, unsigned width, uint32_t value)
{
	if (nacc < 8) {
		acc[nacc].write = write, acc[nacc].space = space, acc[nacc].addr = addr;
		acc[nacc].width = width, acc[nacc].value = value;
	}
	nacc++;
	return write ? 0 : reg_read_value;
}

static void w16(uint64_t pa, uint16_t v) { memcpy(phys + pa, &v, 2); }
static void w32(uint64_t pa, uint32_t v) { memcpy(phys + pa, &v, 4); }
static void w64(uint64_t pa, uint64_t v) { memcpy(phys + pa, &v, 8); }

static uint8_t cksum(uint64_t pa, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s += phys[pa + n];
	return (uint8_t)-s;
}

static void fix_table(uint64_t pa)
{
	uint32_t len;
	memcpy(&len, phys + pa + 4, 4);
	phys[pa + 9] = 0;
	phys[pa + 9] = cksum(pa, len);
}

/* SDT header + body, checksummed. */
static void put_table(uint64_t pa, const char *sig, uint8_t rev, const void *body, size_t blen)
{
	memset(phys + pa, 0, 36);
	memcpy(phys + pa, sig, 4);
	w32(pa + 4, (uint32_t)(36 + blen));
	phys[pa + 8] = rev;
	memcpy(phys + pa + 10, "AMPHI ", 6);
	if (body)
		memcpy(phys + pa + 36, body, blen);
	else
		memset(phys + pa + 36, 0, blen);
	fix_table(pa);
}

static void put_rsdp(uint64_t pa, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	memset(phys + pa, 0, 36);
	memcpy(phys + pa, "RSD PTR ", 8);
	memcpy(phys + pa + 9, "AMPHI ", 6);
	phys[pa + 15] = rev;
	w32(pa + 16, rsdt);
	phys[pa + 8] = cksum(pa, 20);
	if (rev >= 2) {
		w32(pa + 20, 36);
		w64(pa + 24, xsdt);
		phys[pa + 32] = cksum(pa, 36);
	}
}

static void put_rsdt(uint64_t pa, uint32_t e0, uint32_t e1)
{
	uint32_t e[2] = { e0, e1 };
	put_table(pa, "RSDT", 1, e, sizeof e);
}

static void put_xsdt(uint64_t pa, uint64_t e0, uint64_t e1)
{
	uint64_t e[2] = { e0, e1 };
	put_table(pa, "XSDT", 1, e, sizeof e);
}

/* FADT of `len` bytes; GAS fields are filled by the caller, then fix_table(). */
static void put_fadt(uint64_t pa, uint32_t len, uint8_t rev, uint32_t dsdt, uint32_t pm1a, uint32_t flags)
{
	put_table(pa, "FACP", rev, NULL, len - 36);
	w32(pa + 40, dsdt);
	w32(pa + 64, pm1a);
	w32(pa + 112, flags);
	fix_table(pa);
}

static void put_gas(uint64_t pa, uint8_t space, uint64_t addr)
{
	phys[pa] = space, phys[pa + 1] = space ? 16 : 8, phys[pa + 2] = 0, phys[pa + 3] = 0;
	w64(pa + 4, addr);
}

/* AML bodies. */
static const uint8_t aml_pc[] = { /* as in QEMU 7.2 -M pc: Name(_S5, Package(4){0,0,0,0}) */
	0x10, 0x05, '_', 'G', 'P', 'E', /* unrelated Scope first */
	0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00,
};
static const uint8_t aml_mvm[] = { /* as in QEMU 7.2 -M microvm: Scope(\){Name(_S5_, Package(4){5,0,0,0})} */
	0x10, 0x10, '\\', 0x00,
	0x08, '_', 'S', '5', '_', 0x12, 0x07, 0x04, 0x0A, 0x05, 0x00, 0x00, 0x00,
};
static const uint8_t aml_none[] = { 0x08, '_', 'S', '4', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00 };

#define E0000 0xE0000
#define RSDP_PA 0xF59D0
#define RSDT_PA 0x10000
#define XSDT_PA 0x10100
#define FADT_PA 0x11000
#define FADT2_PA 0x12000
#define DSDT_PA 0x13000
#define DSDT2_PA 0x14000

static struct acpi_poweroff_plan plan;

static int plan_of(uint64_t hint)
{
	memset(&plan, 0xAA, sizeof plan);
	return acpi_plan_poweroff(mm_map_phys, hint, &plan);
}

/* (a) -M pc shape: RSDP 1.0 in the BIOS area, RSDT, 116-byte FADT, PM1a_CNT at 0x604. */
static void setup_pc(void)
{
	memset(phys, 0, sizeof phys);
	put_table(DSDT_PA, "DSDT", 1, aml_pc, sizeof aml_pc);
	put_fadt(FADT_PA, 116, 1, DSDT_PA, 0x604, 0x80a5);
	put_table(0x10800, "HPET", 1, NULL, 20);
	put_rsdt(RSDT_PA, 0x10800, FADT_PA);
	put_rsdp(RSDP_PA, 0, RSDT_PA, 0);
}

/* (b) -M microvm shape: RSDP 2.0, XSDT only, rev-5 HW-reduced FADT, GED sleep control. */
static void setup_microvm(void)
{
	memset(phys, 0, sizeof phys);
	put_table(DSDT_PA, "DSDT", 2, aml_mvm, sizeof aml_mvm);
	put_fadt(FADT_PA, 268, 5, 0, 0, 1u << 20);
	w64(FADT_PA + 140, DSDT_PA);                       /* X_DSDT only */
	put_gas(FADT_PA + 244, ACPI_SPACE_MEM, 0xfea00200); /* SLEEP_CONTROL_REG */
	put_gas(FADT_PA + 256, ACPI_SPACE_MEM, 0xfea00201); /* SLEEP_STATUS_REG */
	fix_table(FADT_PA);
	put_xsdt(XSDT_PA, FADT_PA, 0);
	put_rsdp(0xF3490, 2, 0, XSDT_PA);
}

static void test_pc(void)
{
	setup_pc();
	CHECK_EQ(acpi_find_rsdp(mm_map_phys, 0), RSDP_PA);
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.count, 1);
	CHECK_EQ(plan.w[0].space, ACPI_SPACE_IO);
	CHECK_EQ(plan.w[0].width, 2);
	CHECK_EQ(plan.w[0].addr, 0x604);
	CHECK_EQ(plan.w[0].value, 0x2000);

	/* End to end: read PM1a_CNT (SCI_EN set), write SLP_TYP, then SLP_TYP|SLP_EN. */
	nacc = 0;
	reg_read_value = 0x0001 | 0x3c00; /* stale SLP bits must be cleared */
	CHECK_EQ(acpi_poweroff(RSDP_PA), ACPI_EALIVE);
	CHECK_EQ(nacc, 3);
	CHECK_EQ(acc[0].write, 0);
	CHECK_EQ(acc[1].write, 1);
	CHECK_EQ(acc[1].value, 0x0001);
	CHECK_EQ(acc[2].write, 1);
	CHECK_EQ(acc[2].space, ACPI_SPACE_IO);
	CHECK_EQ(acc[2].addr, 0x604);
	CHECK_EQ(acc[2].width, 2);
	CHECK_EQ(acc[2].value, 0x2001);
}

static void test_microvm(void)
{
	setup_microvm();
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.count, 1);
	CHECK_EQ(plan.w[0].space, ACPI_SPACE_MEM);
	CHECK_EQ(plan.w[0].width, 1);
	CHECK_EQ(plan.w[0].addr, 0xfea00200);
	CHECK_EQ(plan.w[0].value, (5 << 2) | (1 << 5));

	nacc = 0;
	CHECK_EQ(acpi_poweroff(0), ACPI_EALIVE);
	CHECK_EQ(nacc, 1); /* one write, no read-modify-write */
	CHECK_EQ(acc[0].write, 1);
	CHECK_EQ(acc[0].addr, 0xfea00200);
	CHECK_EQ(acc[0].value, 0x34);

	/* Sleep control register in I/O space works too. */
	put_gas(FADT_PA + 244, ACPI_SPACE_IO, 0x510);
	fix_table(FADT_PA);
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.w[0].space, ACPI_SPACE_IO);
	CHECK_EQ(plan.w[0].addr, 0x510);
	CHECK_EQ(plan.w[0].width, 1);
	/* ...but an I/O "port" beyond 16 bits or another address space is unusable. */
	put_gas(FADT_PA + 244, ACPI_SPACE_IO, 0x10000);
	fix_table(FADT_PA);
	CHECK_EQ(plan_of(0), ACPI_ENOREG);
	put_gas(FADT_PA + 244, 2 /* PCI config */, 0x510);
	fix_table(FADT_PA);
	CHECK_EQ(plan_of(0), ACPI_ENOREG);
	/* HW-reduced with no sleep register and no PM1 block. */
	memset(phys + FADT_PA + 244, 0, 12);
	fix_table(FADT_PA);
	CHECK_EQ(plan_of(0), ACPI_ENOREG);
	/* A short FADT (rev 5 but only 244 bytes) has no sleep register field at all. */
	put_fadt(FADT_PA, 244, 5, DSDT_PA, 0, 1u << 20);
	CHECK_EQ(plan_of(0), ACPI_ENOREG);
}

static void test_rsdp(void)
{
	/* No tables at all (-M microvm,acpi=off; qboot leaves the EBDA pointer 0). */
	memset(phys, 0, sizeof phys);
	CHECK_EQ(acpi_find_rsdp(mm_map_phys, 0), 0);
	CHECK_EQ(plan_of(0), ACPI_ENORSDP);
	nacc = 0;
	CHECK_EQ(acpi_poweroff(0), ACPI_ENORSDP);
	CHECK_EQ(nacc, 0);

	/* Bad checksum is not an RSDP; the signature alone is not enough. */
	setup_pc();
	phys[RSDP_PA + 8] ^= 1;
	CHECK_EQ(plan_of(0), ACPI_ENORSDP);
	/* Not on a 16-byte boundary: not found by the scan. */
	setup_pc();
	memmove(phys + RSDP_PA + 4, phys + RSDP_PA, 20);
	memset(phys + RSDP_PA, 0, 4);
	CHECK_EQ(plan_of(0), ACPI_ENORSDP);
	/* ...but accepted when given as the hint. */
	CHECK_EQ(plan_of(RSDP_PA + 4), 0);

	/* Hint outside the scanned areas. */
	setup_pc();
	memset(phys + RSDP_PA, 0, 20);
	put_rsdp(0x100010, 0, RSDT_PA, 0);
	CHECK_EQ(plan_of(0), ACPI_ENORSDP);
	CHECK_EQ(acpi_find_rsdp(mm_map_phys, 0x100010), 0x100010);
	CHECK_EQ(plan_of(0x100010), 0);
	/* A bogus or unmappable hint falls back to the scan. */
	put_rsdp(0xE0020, 0, RSDT_PA, 0);
	CHECK_EQ(acpi_find_rsdp(mm_map_phys, 0x100000), 0xE0020);
	CHECK_EQ(acpi_find_rsdp(mm_map_phys, 0xFFFFFFFF0ull), 0xE0020);
	/* Last slot of the BIOS area. */
	memset(phys + 0xE0020, 0, 20);
	put_rsdp(0xFFFE0, 0, RSDT_PA, 0);
	CHECK_EQ(acpi_find_rsdp(mm_map_phys, 0), 0xFFFE0);

	/* EBDA (segment at 0x40E) is searched first. */
	setup_pc();
	w16(0x40E, 0x9FC0);
	put_rsdp(0x9FC00 + 0x30, 0, RSDT_PA, 0);
	CHECK_EQ(acpi_find_rsdp(mm_map_phys, 0), 0x9FC30);
	/* Only its first KiB. */
	memset(phys + 0x9FC30, 0, 20);
	put_rsdp(0x9FC00 + 0x400, 0, RSDT_PA, 0);
	CHECK_EQ(acpi_find_rsdp(mm_map_phys, 0), RSDP_PA);
}

static void test_tables(void)
{
	/* FACP: bad checksum, absurd length, too short, wrong signature -> no FADT. */
	setup_pc();
	phys[FADT_PA + 50] ^= 0x10;
	CHECK_EQ(plan_of(0), ACPI_ENOFADT);
	setup_pc();
	w32(FADT_PA + 4, 0xFFFFFFF0);
	CHECK_EQ(plan_of(0), ACPI_ENOFADT);
	setup_pc();
	put_fadt(FADT_PA, 100, 1, DSDT_PA, 0x604, 0);
	CHECK_EQ(plan_of(0), ACPI_ENOFADT);
	setup_pc();
	memcpy(phys + FADT_PA, "FACS", 4);
	fix_table(FADT_PA);
	CHECK_EQ(plan_of(0), ACPI_ENOFADT);
	/* RSDT: bad checksum, or length beyond mappable memory. */
	setup_pc();
	phys[RSDT_PA + 36] ^= 1;
	CHECK_EQ(plan_of(0), ACPI_ENOFADT);
	setup_pc();
	w32(RSDT_PA + 4, 0x300000);
	CHECK_EQ(plan_of(0), ACPI_ENOFADT);
	/* RSDT entry pointing nowhere is skipped. */
	setup_pc();
	put_rsdt(RSDT_PA, 0xF0000000u, FADT_PA);
	CHECK_EQ(plan_of(0), 0);

	/* DSDT: bad checksum, wrong signature, no _S5 -> no _S5. */
	setup_pc();
	phys[DSDT_PA + 40] ^= 1;
	CHECK_EQ(plan_of(0), ACPI_ENOS5);
	setup_pc();
	put_table(DSDT_PA, "SSDT", 1, aml_pc, sizeof aml_pc);
	CHECK_EQ(plan_of(0), ACPI_ENOS5);
	setup_pc();
	put_table(DSDT_PA, "DSDT", 1, aml_none, sizeof aml_none);
	CHECK_EQ(plan_of(0), ACPI_ENOS5);
	/* No PM1a control block and not HW-reduced. */
	setup_pc();
	put_fadt(FADT_PA, 116, 1, DSDT_PA, 0, 0);
	CHECK_EQ(plan_of(0), ACPI_ENOREG);

	/* X_DSDT wins over DSDT; X_PM1a/X_PM1b GAS over the 32-bit ports; PM1b gets SLP_TYPb. */
	static const uint8_t aml_ab[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0A, 0x07, 0x0A, 0x03 };
	setup_pc();
	put_table(DSDT2_PA, "DSDT", 2, aml_ab, sizeof aml_ab);
	put_fadt(FADT_PA, 244, 3, DSDT_PA, 0x604, 0);
	w64(FADT_PA + 140, DSDT2_PA);
	put_gas(FADT_PA + 172, ACPI_SPACE_IO, 0xB004);
	put_gas(FADT_PA + 184, ACPI_SPACE_MEM, 0x1F000);
	fix_table(FADT_PA);
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.count, 2);
	CHECK_EQ(plan.w[0].space, ACPI_SPACE_IO);
	CHECK_EQ(plan.w[0].addr, 0xB004);
	CHECK_EQ(plan.w[0].value, (7 << 10) | (1 << 13));
	CHECK_EQ(plan.w[1].space, ACPI_SPACE_MEM);
	CHECK_EQ(plan.w[1].addr, 0x1F000);
	CHECK_EQ(plan.w[1].width, 2);
	CHECK_EQ(plan.w[1].value, (3 << 10) | (1 << 13));
	/* PM1a then PM1b with SLP_TYP only, then both with SLP_EN. */
	nacc = 0;
	reg_read_value = 1;
	CHECK_EQ(acpi_poweroff(0), ACPI_EALIVE);
	CHECK_EQ(nacc, 6);
	CHECK_EQ(acc[1].addr, 0xB004);
	CHECK_EQ(acc[1].value, (7 << 10) | 1);
	CHECK_EQ(acc[3].addr, 0x1F000);
	CHECK_EQ(acc[3].value, (3 << 10) | 1);
	CHECK_EQ(acc[4].value, (7 << 10) | (1 << 13) | 1);
	CHECK_EQ(acc[5].value, (3 << 10) | (1 << 13) | 1);
	/* Zero X_ fields: the 32-bit ones are used. */
	memset(phys + FADT_PA + 140, 0, 8);
	memset(phys + FADT_PA + 172, 0, 24);
	w32(FADT_PA + 68, 0x608);
	fix_table(FADT_PA);
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.count, 2);
	CHECK_EQ(plan.w[0].addr, 0x604);
	CHECK_EQ(plan.w[0].value, 0x2000);
	CHECK_EQ(plan.w[1].space, ACPI_SPACE_IO);
	CHECK_EQ(plan.w[1].addr, 0x608);
	/* A full-hardware FADT that also has a sleep control register still uses PM1. */
	setup_pc();
	put_fadt(FADT_PA, 276, 6, DSDT_PA, 0x604, 0);
	put_gas(FADT_PA + 244, ACPI_SPACE_MEM, 0xfea00200);
	fix_table(FADT_PA);
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.w[0].addr, 0x604);

	/* XSDT vs RSDT: XSDT preferred; broken XSDT or RSDP 2.0 extension -> RSDT. */
	setup_pc();
	put_table(DSDT2_PA, "DSDT", 2, aml_mvm, sizeof aml_mvm);
	put_fadt(FADT2_PA, 116, 1, DSDT2_PA, 0xB004, 0);
	put_xsdt(XSDT_PA, 0x10800, FADT2_PA);
	put_rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.w[0].addr, 0xB004);
	CHECK_EQ(plan.w[0].value, (5 << 10) | (1 << 13));
	phys[XSDT_PA + 40] ^= 1; /* XSDT checksum */
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.w[0].addr, 0x604);
	phys[XSDT_PA + 40] ^= 1;
	phys[RSDP_PA + 33] ^= 1; /* extended checksum */
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.w[0].addr, 0x604);
	put_rsdp(RSDP_PA, 2, RSDT_PA, 0); /* 2.0 RSDP without XSDT */
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.w[0].addr, 0x604);
	put_rsdp(RSDP_PA, 0, RSDT_PA, XSDT_PA); /* 1.0 RSDP: bytes 20+ are not ours to read */
	CHECK_EQ(plan_of(0), 0);
	CHECK_EQ(plan.w[0].addr, 0x604);
}

static int s5(const uint8_t *aml, size_t len, int *a, int *b)
{
	uint8_t ta = 0xEE, tb = 0xEE;
	int rc = acpi_find_s5(aml, len, &ta, &tb);
	*a = ta, *b = tb;
	return rc;
}

static void test_aml(void)
{
	int a, b;
	size_t n;

#define S5(...) ((const uint8_t[]){ 0x08, '_', 'S', '5', '_', __VA_ARGS__ })
#define S5LEN(...) (5 + sizeof((const uint8_t[]){ __VA_ARGS__ }))
#define T(rc, ea, eb, ...)                                                      \
	do {                                                                        \
		CHECK_EQ(s5(S5(__VA_ARGS__), S5LEN(__VA_ARGS__), &a, &b), rc);          \
		if ((rc) == 0) {                                                        \
			CHECK_EQ(a, ea);                                                    \
			CHECK_EQ(b, eb);                                                    \
		}                                                                       \
	} while (0)

	T(0, 0, 0, 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00); /* ZeroOp (pc) */
	T(0, 1, 1, 0x12, 0x04, 0x02, 0x01, 0x01);             /* OneOp */
	T(0, 5, 0, 0x12, 0x07, 0x04, 0x0A, 0x05, 0x00, 0x00, 0x00); /* ByteConst (microvm) */
	T(0, 6, 2, 0x12, 0x08, 0x02, 0x0B, 0x06, 0x00, 0x0B, 0x02, 0x00); /* WordConst */
	T(0, 7, 0, 0x12, 0x08, 0x02, 0x0C, 0x07, 0x00, 0x00, 0x00, 0x00); /* DWordConst */
	T(0, 3, 4, 0x12, 0x0D, 0x02, 0x0E, 3, 0, 0, 0, 0, 0, 0, 0, 0x0A, 4); /* QWordConst */
	T(0, 2, 2, 0x12, 0x04, 0x01, 0x0A, 0x02);             /* one element: b = a */
	/* PkgLength in 2, 3 and 4 bytes (non-minimal but legal for us). */
	T(0, 5, 5, 0x12, 0x45, 0x00, 0x01, 0x0A, 0x05);
	T(0, 5, 5, 0x12, 0x86, 0x00, 0x00, 0x01, 0x0A, 0x05);
	T(0, 5, 5, 0x12, 0xC7, 0x00, 0x00, 0x00, 0x01, 0x0A, 0x05);
	T(-1, 0, 0, 0x12, 0x47, 0x00, 0x01, 0x0A, 0x05);      /* length past the end */
	T(-1, 0, 0, 0x12, 0x06, 0x04, 0x0A, 0x08, 0x00, 0x00); /* SLP_TYP > 7 */
	T(-1, 0, 0, 0x12, 0x06, 0x04, 0xFF, 0x00, 0x00, 0x00); /* OnesOp */
	T(-1, 0, 0, 0x12, 0x02, 0x00);                        /* no elements */
	T(-1, 0, 0, 0x12, 0x03, 0x02, 0x0A);                  /* ByteConst cut by PkgLength */
	T(-1, 0, 0, 0x0A, 0x05);                              /* Name(_S5_, 5): not a package */

	/* Root prefix; the unprefixed name without NameOp (a reference) is skipped. */
	static const uint8_t root[] = { 0x70, '_', 'S', '5', '_', 0x60, 0x08, '\\', '_', 'S', '5', '_',
					0x12, 0x05, 0x02, 0x0A, 0x05, 0x00 };
	CHECK_EQ(s5(root, sizeof root, &a, &b), 0);
	CHECK_EQ(a, 5);
	CHECK_EQ(b, 0);
	/* A malformed candidate does not hide a later good one. */
	static const uint8_t two[] = { 0x08, '_', 'S', '5', '_', 0x0A, 0x01,
				       0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x01, 0x00 };
	CHECK_EQ(s5(two, sizeof two, &a, &b), 0);
	CHECK_EQ(a, 1);
	CHECK_EQ(b, 0);
	/* Every truncation of the real tables' AML fails cleanly; the whole thing parses. */
	for (n = 0; n <= sizeof aml_mvm; n++)
		CHECK_EQ(s5(aml_mvm, n, &a, &b), n == sizeof aml_mvm ? 0 : -1);
	for (n = 0; n <= sizeof aml_pc; n++)
		CHECK_EQ(s5(aml_pc, n, &a, &b), n == sizeof aml_pc ? 0 : -1);
	CHECK_EQ(acpi_find_s5(aml_none, sizeof aml_none, (uint8_t *)&a, NULL), -1);
	CHECK_EQ(acpi_find_s5((const uint8_t *)"", 0, (uint8_t *)&a, NULL), -1);
}

int main(void)
{
	test_pc();
	test_microvm();
	test_rsdp();
	test_tables();
	test_aml();
	return check_done();
}

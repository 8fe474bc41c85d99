/* ACPI S5 power-off and the MADT. Layout references: ACPI 6.x spec, sections 5.2
 * (RSDP, SDT header, RSDT/XSDT, FADT, GAS, MADT 5.2.12), 4.8.3.7 (sleep control
 * register), 7.4.2 (\_Sx), 20 (AML). */
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "acpi.h"
#include "arch/io.h"

/* Provided by kernel/mm.c: maps physical memory read/write, uncached; NULL on failure. */
void *mm_map_phys(uint64_t paddr, uint64_t len);

#define SDT_HDR_LEN    36
#define MAX_TABLE_LEN  (4u << 20) /* a longer "table" is garbage, not a DSDT */

/* FADT field offsets. */
#define FADT_DSDT         40
#define FADT_PM1A_CNT     64
#define FADT_PM1B_CNT     68
#define FADT_FLAGS        112
#define FADT_V1_LEN       116 /* ACPI 1.0 FADT; QEMU -M pc uses exactly this */
#define FADT_X_DSDT       140
#define FADT_X_PM1A_CNT   172
#define FADT_X_PM1B_CNT   184
#define FADT_SLEEP_CTL    244
#define GAS_LEN           12
#define FADT_HW_REDUCED   (1u << 20)

#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_EN        (1u << 13)
#define PM1_SLP_MASK      (7u << PM1_SLP_TYP_SHIFT | PM1_SLP_EN)
#define SLPCTL_TYP_SHIFT  2
#define SLPCTL_SLP_EN     (1u << 5)

#ifndef AMPHI_HOST_TEST
#define ALIVE_SPINS       10000000 /* ~0.1 s under TCG: QEMU stops the vCPU well before */
#else
#define ALIVE_SPINS       1
#endif

/* Table fields are unaligned; -ffreestanding turns off the builtin, so ask for it. */
static uint16_t rd16(const uint8_t *p) { uint16_t v; __builtin_memcpy(&v, p, 2); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; __builtin_memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; __builtin_memcpy(&v, p, 8); return v; }

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s += *p++;
	return s;
}

/* ---- AML: Name(_S5_, Package(){SLP_TYPa, SLP_TYPb, ...}) ---- */

/* Decode an integer term: ZeroOp, OneOp, or Byte/Word/DWord/QWordConst. */
static int aml_int(const uint8_t *aml, size_t *pos, size_t end, uint64_t *v)
{
	size_t p = *pos, n, i;

	if (p >= end)
		return -1;
	switch (aml[p]) {
	case 0x00: *v = 0; *pos = p + 1; return 0;
	case 0x01: *v = 1; *pos = p + 1; return 0;
	case 0x0A: n = 1; break;
	case 0x0B: n = 2; break;
	case 0x0C: n = 4; break;
	case 0x0E: n = 8; break;
	default: return -1; /* OnesOp, method calls, ...: not a valid SLP_TYP */
	}
	if (end - p - 1 < n)
		return -1;
	*v = 0;
	for (i = n; i; i--) /* little-endian */
		*v = *v << 8 | aml[p + i];
	*pos = p + 1 + n;
	return 0;
}

/* Parse the PackageOp at `p` (just after the name); 0 on success. */
static int s5_package(const uint8_t *aml, size_t p, size_t len, uint8_t *a, uint8_t *b)
{
	size_t nbytes, plen, end, i;
	uint64_t va, vb;
	unsigned count;

	if (p + 2 > len || aml[p++] != 0x12)
		return -1;
	/* PkgLength: bits 7:6 of the lead byte = count of extra bytes; it counts itself. */
	nbytes = aml[p] >> 6;
	if (p + nbytes + 1 >= len)
		return -1;
	plen = nbytes ? aml[p] & 0x0F : aml[p] & 0x3F;
	for (i = 0; i < nbytes; i++)
		plen |= (size_t)aml[p + 1 + i] << (4 + 8 * i);
	end = p + plen;
	if (plen < nbytes + 2 || end > len)
		return -1;
	p += nbytes + 1;
	count = aml[p++];
	if (count == 0 || aml_int(aml, &p, end, &va) || va > 7)
		return -1;
	vb = va; /* some firmware gives one element: use it for both */
	if (count >= 2 && (aml_int(aml, &p, end, &vb) || vb > 7))
		return -1;
	*a = (uint8_t)va;
	if (b)
		*b = (uint8_t)vb;
	return 0;
}

int acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *slp_typa, uint8_t *slp_typb)
{
	size_t i;

	/* No full AML interpreter: look for NameOp (0x08) [+ root prefix '\'] + "_S5_".
	 * A false hit (e.g. the bytes inside a string) fails to parse and we go on. */
	for (i = 1; i + 4 <= len; i++) {
		if (memcmp(aml + i, "_S5_", 4))
			continue;
		if (aml[i - 1] != 0x08 && !(i >= 2 && aml[i - 1] == '\\' && aml[i - 2] == 0x08))
			continue;
		if (s5_package(aml, i + 4, len, slp_typa, slp_typb) == 0)
			return 0;
	}
	return -1;
}

/* ---- tables ---- */

/* Map a table and validate signature, length and checksum; NULL if any is wrong. */
static const uint8_t *map_table(acpi_map_fn map, uint64_t paddr, const char *sig, uint32_t *len)
{
	const uint8_t *t;

	if (!paddr || !(t = map(paddr, SDT_HDR_LEN)) || memcmp(t, sig, 4))
		return NULL;
	*len = rd32(t + 4);
	if (*len < SDT_HDR_LEN || *len > MAX_TABLE_LEN || !(t = map(paddr, *len)))
		return NULL;
	return sum8(t, *len) ? NULL : t;
}

static int rsdp_ok(const uint8_t *p) { return !memcmp(p, "RSD PTR ", 8) && !sum8(p, 20); }

/* Scan [start, start+len) on 16-byte boundaries (where the spec says the RSDP sits). */
static uint64_t scan_rsdp(acpi_map_fn map, uint64_t start, uint64_t len)
{
	const uint8_t *m = map(start, len);
	uint64_t off;

	for (off = 0; m && off + 20 <= len; off += 16)
		if (rsdp_ok(m + off))
			return start + off;
	return 0;
}

uint64_t acpi_find_rsdp(acpi_map_fn map, uint64_t hint)
{
	const uint8_t *p;
	uint64_t ebda, r;

	if (hint && (p = map(hint, 20)) && rsdp_ok(p))
		return hint;
	/* BDA word 0x40E = EBDA segment; microvm's qboot leaves it 0, so sanity-check it. */
	p = map(0x40E, 2);
	ebda = p ? (uint64_t)rd16(p) << 4 : 0;
	if (ebda >= 0x500 && ebda < 0xA0000 && (r = scan_rsdp(map, ebda, 1024)))
		return r;
	return scan_rsdp(map, 0xE0000, 0x20000);
}

/* The first valid table with signature sig and at least min_len bytes, via the XSDT
 * (64-bit entries) if the RSDP is 2.0+ and names one, else the RSDT. A broken XSDT
 * falls back to the RSDT rather than giving up. */
static const uint8_t *find_table(acpi_map_fn map, uint64_t rsdp_pa, const char *sig,
				 uint32_t min_len, uint32_t *len)
{
	const uint8_t *r = map(rsdp_pa, 36), *r2, *t, *f;
	uint32_t tlen, off, esz, rlen;
	uint64_t root;
	int pass;

	if (!r)
		return NULL;
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0) {
			/* 2.0+ RSDP: Length and extended checksum cover the XSDT address too. */
			rlen = rd32(r + 20);
			if (r[15] < 2 || rlen < 36 || rlen > 4096 || !(r2 = map(rsdp_pa, rlen)) ||
			    sum8(r2, rlen))
				continue;
			root = rd64(r2 + 24), esz = 8;
			t = map_table(map, root, "XSDT", &tlen);
		} else {
			root = rd32(r + 16), esz = 4;
			t = map_table(map, root, "RSDT", &tlen);
		}
		for (off = SDT_HDR_LEN; t && off + esz <= tlen; off += esz) {
			uint64_t e = esz == 8 ? rd64(t + off) : rd32(t + off);
			if ((f = map_table(map, e, sig, len)) && *len >= min_len)
				return f;
		}
	}
	return NULL;
}

/* A GAS usable for a sleep write: system memory or I/O (ports must fit 16 bits). */
static int gas_ok(const uint8_t *gas)
{
	uint64_t a = rd64(gas + 4);
	return a && (gas[0] == ACPI_SPACE_MEM || (gas[0] == ACPI_SPACE_IO && a <= 0xFFFF));
}

/* PM1x_CNT: the X_ GAS if the FADT has a usable one, else the legacy 32-bit port. */
static int pm1_reg(const uint8_t *f, uint32_t flen, unsigned x_off, unsigned off,
		   uint8_t typ, struct acpi_sleep_write *w)
{
	w->width = 2;
	w->value = (uint16_t)(typ << PM1_SLP_TYP_SHIFT | PM1_SLP_EN);
	if (flen >= x_off + GAS_LEN && gas_ok(f + x_off)) {
		w->space = f[x_off], w->addr = rd64(f + x_off + 4);
		return 1;
	}
	w->space = ACPI_SPACE_IO, w->addr = rd32(f + off);
	return w->addr && w->addr <= 0xFFFF;
}

int acpi_plan_poweroff(acpi_map_fn map, uint64_t rsdp_hint, struct acpi_poweroff_plan *plan)
{
	uint64_t rsdp = acpi_find_rsdp(map, rsdp_hint), dsdt_pa;
	const uint8_t *f, *d;
	uint32_t flen, dlen;
	uint8_t a, b;
	int hw_reduced;

	if (!rsdp)
		return ACPI_ENORSDP;
	if (!(f = find_table(map, rsdp, "FACP", FADT_V1_LEN, &flen)))
		return ACPI_ENOFADT;
	dsdt_pa = flen >= FADT_X_DSDT + 8 && rd64(f + FADT_X_DSDT) ? rd64(f + FADT_X_DSDT)
								  : rd32(f + FADT_DSDT);
	if (!(d = map_table(map, dsdt_pa, "DSDT", &dlen)) ||
	    acpi_find_s5(d + SDT_HDR_LEN, dlen - SDT_HDR_LEN, &a, &b))
		return ACPI_ENOS5;

	/* HW-reduced platforms (microvm) have no PM1 blocks, only SLEEP_CONTROL_REG; a full
	 * platform that also fills it in is still driven through PM1 as the spec says. */
	hw_reduced = (rd32(f + FADT_FLAGS) & FADT_HW_REDUCED) || !rd32(f + FADT_PM1A_CNT);
	if (hw_reduced && flen >= FADT_SLEEP_CTL + GAS_LEN && gas_ok(f + FADT_SLEEP_CTL)) {
		plan->count = 1;
		plan->w[0].space = f[FADT_SLEEP_CTL];
		plan->w[0].width = 1;
		plan->w[0].addr = rd64(f + FADT_SLEEP_CTL + 4);
		plan->w[0].value = (uint16_t)(a << SLPCTL_TYP_SHIFT | SLPCTL_SLP_EN);
		return 0;
	}
	if (!pm1_reg(f, flen, FADT_X_PM1A_CNT, FADT_PM1A_CNT, a, &plan->w[0]))
		return ACPI_ENOREG;
	plan->count = 1 + pm1_reg(f, flen, FADT_X_PM1B_CNT, FADT_PM1B_CNT, b, &plan->w[1]);
	return 0;
}

/* ---- MADT ---- */

#define MADT_ENTRIES       44 /* header, local APIC address, flags */
#define MADT_PCAT_COMPAT   (1u << 0)
#define MADT_IOAPIC        1
#define MADT_ISO           2  /* interrupt source override */
#define MADT_LAPIC_ADDR    5  /* 64-bit local APIC address override */
#define MPS_POLARITY_LOW   3  /* MPS INTI flags bits 1:0 (0 = as the bus says) */
#define MPS_TRIGGER_LEVEL  3  /* bits 3:2 */

int acpi_parse_madt(acpi_map_fn map, uint64_t rsdp_hint, struct acpi_madt *m)
{
	uint64_t rsdp = acpi_find_rsdp(map, rsdp_hint);
	const uint8_t *t, *e;
	uint32_t len, off;
	unsigned i;

	memset(m, 0, sizeof(*m));
	m->lapic_paddr = 0xfee00000;
	for (i = 0; i < 16; i++)
		m->isa[i].gsi = i;
	if (!rsdp)
		return ACPI_ENORSDP;
	if (!(t = find_table(map, rsdp, "APIC", MADT_ENTRIES, &len)))
		return ACPI_ENOMADT;
	m->lapic_paddr = rd32(t + 36);
	m->has_8259 = !!(rd32(t + 40) & MADT_PCAT_COMPAT);
	/* Entries: type, length, body. A length that cannot be right ends the walk. */
	for (off = MADT_ENTRIES; off + 2 <= len; off += e[1]) {
		e = t + off;
		if (e[1] < 2 || e[1] > len - off)
			break;
		if (e[0] == MADT_IOAPIC && e[1] >= 12 && m->nioapic < ACPI_MADT_MAX_IOAPIC) {
			m->ioapic[m->nioapic].id = e[2];
			m->ioapic[m->nioapic].paddr = rd32(e + 4);
			m->ioapic[m->nioapic].gsi_base = rd32(e + 8);
			m->nioapic++;
		} else if (e[0] == MADT_ISO && e[1] >= 10 && e[2] == 0 /* ISA */ && e[3] < 16) {
			uint16_t flags = rd16(e + 8);
			m->isa[e[3]].gsi = rd32(e + 4);
			m->isa[e[3]].active_low = (flags & 3) == MPS_POLARITY_LOW;
			m->isa[e[3]].level = (flags >> 2 & 3) == MPS_TRIGGER_LEVEL;
		} else if (e[0] == MADT_LAPIC_ADDR && e[1] >= 12) {
			m->lapic_paddr = rd64(e + 4);
		}
	}
	return 0;
}

/* ---- hardware ---- */

static uint32_t reg_access(int write, const struct acpi_sleep_write *w, uint32_t v)
{
#ifdef AMPHI_HOST_TEST
	return acpi_host_reg(write, w->space, w->addr, w->width, v);
#else
	uint16_t port = (uint16_t)w->addr;
	volatile uint8_t *p;

	if (w->space == ACPI_SPACE_IO && w->width == 1)
		return write ? (outb(port, (uint8_t)v), 0) : inb(port);
	if (w->space == ACPI_SPACE_IO)
		return write ? (outw(port, (uint16_t)v), 0) : inw(port);
	if (!(p = mm_map_phys(w->addr, w->width)))
		return 0;
	if (w->width == 1)
		return write ? (mmio_write8(p, (uint8_t)v), 0) : *p;
	return write ? (*(volatile uint16_t *)p = (uint16_t)v, 0) : *(volatile uint16_t *)p;
#endif
}

int acpi_poweroff(uint64_t rsdp_paddr)
{
	struct acpi_poweroff_plan plan;
	uint32_t old[2];
	volatile unsigned long spin;
	int i, rc = acpi_plan_poweroff(mm_map_phys, rsdp_paddr, &plan);

	if (rc)
		return rc;
	if (plan.w[0].width == 1) {
		/* SLEEP_CONTROL_REG: one write of SLP_TYP|SLP_EN, nothing to preserve. */
		reg_access(1, &plan.w[0], plan.w[0].value);
	} else {
		/* PM1_CNT: keep the other bits (SCI_EN...); like ACPICA, set SLP_TYP first and
		 * SLP_EN in a second write, as some chipsets want. */
		for (i = 0; i < plan.count; i++) {
			old[i] = reg_access(0, &plan.w[i], 0) & ~PM1_SLP_MASK;
			reg_access(1, &plan.w[i], old[i] | (plan.w[i].value & ~PM1_SLP_EN));
		}
		for (i = 0; i < plan.count; i++)
			reg_access(1, &plan.w[i], old[i] | plan.w[i].value);
	}
	/* QEMU handles the shutdown request asynchronously: give it a moment. */
	for (spin = 0; spin < ALIVE_SPINS; spin++)
		__asm__ volatile("pause");
	return ACPI_EALIVE;
}

/* IOAPIC (Intel 82093AA datasheet): two MMIO registers, an index (IOREGSEL)
 * and a window (IOWIN), reach the version register and a 64-bit redirection
 * entry per input pin. */
#include "ioapic.h"

#include <errno.h>
#include <stddef.h>

#include "arch/io.h"
#include "arch/irq.h"
#include "kernel/mm.h"

#define IOREGSEL 0x00
#define IOWIN 0x10
#define REG_VERSION 0x01
#define REG_REDIRECT(pin) (0x10 + 2 * (pin)) /* low word; high word at +1 */

#define RTE_ACTIVE_LOW (1u << 13)
#define RTE_LEVEL (1u << 15)
#define RTE_MASKED (1u << 16)
#define RTE_DEST_SHIFT 24 /* in the high word: physical destination APIC id */

#define IOAPIC_MAX 8

struct ioapic {
	volatile uint8_t *mmio;
	uint64_t paddr;
	unsigned gsi_base, pins;
};

static struct ioapic ioapics[IOAPIC_MAX];
static unsigned nioapic;

static uint32_t ioapic_read(const struct ioapic *io, uint8_t reg)
{
	mmio_write32(io->mmio + IOREGSEL, reg);
	return mmio_read32(io->mmio + IOWIN);
}

static void ioapic_write(const struct ioapic *io, uint8_t reg, uint32_t v)
{
	mmio_write32(io->mmio + IOREGSEL, reg);
	mmio_write32(io->mmio + IOWIN, v);
}

int ioapic_add(uint64_t paddr, uint32_t gsi_base)
{
	if (nioapic == IOAPIC_MAX)
		return -ENOSPC;
	struct ioapic *io = &ioapics[nioapic];
	io->mmio = mm_map_phys(paddr, IOWIN + 4);
	if (!io->mmio)
		return -ENOMEM;
	uint32_t version = ioapic_read(io, REG_VERSION);
	if (version == UINT32_MAX)
		return -ENODEV; /* open bus */
	io->paddr = paddr;
	io->gsi_base = gsi_base;
	io->pins = ((version >> 16) & 0xff) + 1;
	for (unsigned pin = 0; pin < io->pins; pin++) {
		ioapic_write(io, REG_REDIRECT(pin), RTE_MASKED);
		ioapic_write(io, REG_REDIRECT(pin) + 1, 0);
	}
	nioapic++;
	return 0;
}

static const struct ioapic *ioapic_for(unsigned gsi)
{
	for (unsigned i = 0; i < nioapic; i++)
		if (gsi >= ioapics[i].gsi_base && gsi - ioapics[i].gsi_base < ioapics[i].pins)
			return &ioapics[i];
	return NULL;
}

int ioapic_route(unsigned gsi, uint8_t vector, unsigned flags, uint32_t dest_apic_id)
{
	const struct ioapic *io = ioapic_for(gsi);
	if (!io)
		return -ENODEV;
	if (dest_apic_id > 0xff)
		return -EINVAL; /* would need interrupt remapping */
	unsigned pin = gsi - io->gsi_base;
	uint32_t low = vector | (flags & IRQ_LEVEL ? RTE_LEVEL : 0) |
		       (flags & IRQ_ACTIVE_LOW ? RTE_ACTIVE_LOW : 0); /* fixed delivery, physical */
	/* Masked while the two halves disagree. */
	ioapic_write(io, REG_REDIRECT(pin), low | RTE_MASKED);
	ioapic_write(io, REG_REDIRECT(pin) + 1, dest_apic_id << RTE_DEST_SHIFT);
	ioapic_write(io, REG_REDIRECT(pin), low);
	return 0;
}

void ioapic_mask(unsigned gsi)
{
	const struct ioapic *io = ioapic_for(gsi);
	if (io) {
		unsigned pin = gsi - io->gsi_base;
		ioapic_write(io, REG_REDIRECT(pin), ioapic_read(io, REG_REDIRECT(pin)) | RTE_MASKED);
	}
}

int ioapic_describe(unsigned i, uint64_t *paddr, unsigned *gsi_base, unsigned *pins)
{
	if (i >= nioapic)
		return 0;
	*paddr = ioapics[i].paddr;
	*gsi_base = ioapics[i].gsi_base;
	*pins = ioapics[i].pins;
	return 1;
}

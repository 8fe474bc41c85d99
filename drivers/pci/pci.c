/* PCI configuration space, enumeration, capabilities, BARs; see pci.h. */
#include "pci.h"

#include "arch/arch.h"
#include "arch/io.h"
#include "kernel/mm.h"
#include "platform/platform.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA 0xcfc

/* Interrupts off around the two-port sequence: an interrupt handler that
 * touched config space in between would redirect our access. */
static uint32_t config_select(const struct pci_dev *d, unsigned off)
{
	uint32_t a = 0x80000000u | (uint32_t)d->bus << 16 | (uint32_t)d->slot << 11 |
	    (uint32_t)d->fn << 8 | (off & 0xfc);
	outl(CONFIG_ADDRESS, a);
	return CONFIG_DATA + (off & 3);
}

uint32_t pci_read32(const struct pci_dev *d, unsigned off)
{
	unsigned long f = arch_irq_save();
	uint32_t v = inl((uint16_t)config_select(d, off));
	arch_irq_restore(f);
	return v;
}

uint16_t pci_read16(const struct pci_dev *d, unsigned off)
{
	unsigned long f = arch_irq_save();
	uint16_t v = inw((uint16_t)config_select(d, off));
	arch_irq_restore(f);
	return v;
}

uint8_t pci_read8(const struct pci_dev *d, unsigned off)
{
	unsigned long f = arch_irq_save();
	uint8_t v = inb((uint16_t)config_select(d, off));
	arch_irq_restore(f);
	return v;
}

void pci_write32(const struct pci_dev *d, unsigned off, uint32_t v)
{
	unsigned long f = arch_irq_save();
	outl((uint16_t)config_select(d, off), v);
	arch_irq_restore(f);
}

void pci_write16(const struct pci_dev *d, unsigned off, uint16_t v)
{
	unsigned long f = arch_irq_save();
	outw((uint16_t)config_select(d, off), v);
	arch_irq_restore(f);
}

void pci_write8(const struct pci_dev *d, unsigned off, uint8_t v)
{
	unsigned long f = arch_irq_save();
	outb((uint16_t)config_select(d, off), v);
	arch_irq_restore(f);
}

/* Size a BAR by writing all ones and reading back which bits stick, with
 * decoding off so the device does not answer at a bogus address meanwhile.
 * Returns the number of BAR registers used (2 for a 64-bit memory BAR). */
static unsigned decode_bar(struct pci_dev *d, unsigned i)
{
	struct pci_bar *b = &d->bar[i];
	unsigned off = PCI_BAR0 + 4 * i;
	uint32_t lo = pci_read32(d, off);
	*b = (struct pci_bar){0};
	b->is_io = lo & 1;
	b->is_64 = !b->is_io && ((lo >> 1) & 3) == 2 && i < 5;
	b->prefetchable = !b->is_io && (lo & 8);

	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	pci_write16(d, PCI_COMMAND, cmd & (uint16_t) ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	pci_write32(d, off, 0xffffffffu);
	uint64_t mask = pci_read32(d, off);
	pci_write32(d, off, lo);
	uint64_t hi = 0;
	if (b->is_64) {
		hi = pci_read32(d, off + 4);
		pci_write32(d, off + 4, 0xffffffffu);
		mask |= (uint64_t)pci_read32(d, off + 4) << 32;
		pci_write32(d, off + 4, (uint32_t)hi);
	}
	pci_write16(d, PCI_COMMAND, cmd);

	b->size = pci_bar_size(mask, b->is_io, b->is_64);
	b->addr = b->is_io ? (lo & 0xfffcu) : (((uint64_t)hi << 32) | (lo & ~0xfu));
	return b->is_64 ? 2 : 1;
}

static void read_function(struct pci_dev *d)
{
	d->vendor = pci_read16(d, PCI_VENDOR_ID);
	d->device = pci_read16(d, PCI_DEVICE_ID);
	uint32_t cr = pci_read32(d, PCI_CLASS_REVISION);
	d->class_code = (uint8_t)(cr >> 24);
	d->subclass = (uint8_t)(cr >> 16);
	d->revision = (uint8_t)cr;
	d->irq_line = pci_read8(d, PCI_INTERRUPT_LINE);
	d->irq_pin = pci_read8(d, PCI_INTERRUPT_PIN);
	for (unsigned i = 0; i < 6; i++)
		d->bar[i] = (struct pci_bar){0};
}

void pci_decode_bars(struct pci_dev *d)
{
	if ((pci_read8(d, PCI_HEADER_TYPE) & 0x7f) != 0)
		return; /* bridges: BARs not decoded */
	for (unsigned i = 0; i < 6;)
		i += decode_bar(d, i);
}

/* Visit every function on bus, then the buses behind its PCI-PCI bridges. */
static int scan_bus(unsigned bus, int depth, int (*visit)(struct pci_dev *d, void *arg), void *arg)
{
	struct pci_dev d = {0};
	for (unsigned slot = 0; slot < 32; slot++) {
		d.bus = (uint8_t)bus, d.slot = (uint8_t)slot, d.fn = 0;
		if (pci_read16(&d, PCI_VENDOR_ID) == 0xffff)
			continue;
		unsigned nfn = (pci_read8(&d, PCI_HEADER_TYPE) & 0x80) ? 8 : 1;
		for (unsigned fn = 0; fn < nfn; fn++) {
			d.fn = (uint8_t)fn;
			if (pci_read16(&d, PCI_VENDOR_ID) == 0xffff)
				continue;
			read_function(&d);
			int r = visit(&d, arg);
			if (r)
				return r;
			unsigned secondary = pci_read8(&d, PCI_SECONDARY_BUS);
			/* depth bounds a bridge loop a broken config could describe */
			if ((pci_read8(&d, PCI_HEADER_TYPE) & 0x7f) == 1 && secondary > bus &&
			    depth < 32 && (r = scan_bus(secondary, depth + 1, visit, arg)))
				return r;
		}
	}
	return 0;
}

int pci_for_each(int (*visit)(struct pci_dev *d, void *arg), void *arg)
{
	/* Not even the ports (a Xen PV guest may not touch them). */
	if (platform->flags & PLATFORM_NO_EMULATED_DEVICES)
		return 0;
	/* No host bridge at 00:00.0 (QEMU microvm): no PCI at all. */
	struct pci_dev host = {0};
	if (pci_read16(&host, PCI_VENDOR_ID) == 0xffff)
		return 0;
	return scan_bus(0, 0, visit, arg);
}

static uint8_t config_read8(const void *d, unsigned off) { return pci_read8(d, off); }

unsigned pci_find_cap(const struct pci_dev *d, uint8_t id, unsigned after)
{
	if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	return pci_cap_walk(config_read8, d, id, after);
}

void pci_enable(const struct pci_dev *d)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	pci_write16(d, PCI_COMMAND, cmd | PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

void *pci_map_bar(const struct pci_dev *d, unsigned i, uint64_t off, uint64_t len)
{
	if (i >= 6)
		return NULL;
	const struct pci_bar *b = &d->bar[i];
	if (b->is_io || b->size == 0 || b->addr == 0 || off > b->size || len > b->size - off)
		return NULL;
	return mm_map_phys(b->addr + off, len);
}

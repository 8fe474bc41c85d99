/* FUZZ_SOURCES: drivers/pci/pci.c drivers/pci/pci_bar.c drivers/pci/pci_caps.c drivers/pci/pci_msix.c drivers/virtio/virtio_pci.c kernel/printk.c tests/fuzz/host/kernel_shims.c */
/* PCI as a hostile or broken device model presents it (drivers/pci/, and the
 * virtio-pci capability walk): configuration space behind ports 0xCF8/0xCFC
 * is the input. Input: up to 4 functions, each a location byte (slot, and
 * bit 7: bus 1 instead of 0), 6 BAR read-back masks (what sticks when all
 * ones are written) and 256 bytes of configuration space. Enumeration, BAR
 * sizing, every capability walk, MSI-X set-up and the virtio-pci probe run
 * over it. Properties: no crash, no read outside what was mapped, no endless
 * capability walk, and a BAR size is a power of two that the read-back's
 * address bits agree with (what the device decodes). */
#include "fuzz.h"

#include "arch/io.h"
#include "drivers/pci/pci.h"
#include "drivers/virtio/virtio_pci.h"

#define NFN 4

static struct fn {
	uint8_t bus, slot;
	uint32_t mask[6];
	uint8_t cfg[256];
	int sizing[6];
} fns[NFN];
static unsigned nfn;
static uint32_t address; /* the last write to 0xCF8 */

static struct fn *selected(void)
{
	if (!(address & 0x80000000u) || (address >> 8 & 7) != 0)
		return NULL;
	for (unsigned i = 0; i < nfn; i++)
		if (fns[i].bus == (address >> 16 & 0xff) && fns[i].slot == (address >> 11 & 31))
			return &fns[i];
	return NULL;
}

uint32_t fuzz_port_in(uint16_t port, unsigned width)
{
	if (port == 0xcf8)
		return address;
	struct fn *f = selected();
	unsigned off = (address & 0xfc) + (port - 0xcfc);
	if (port < 0xcfc || port > 0xcff || !f)
		return 0xffffffffu >> (32 - 8 * width);
	uint32_t v = 0;
	unsigned bar = (off - 0x10) / 4;
	if (off >= 0x10 && off < 0x28 && f->sizing[bar]) {
		v = f->mask[bar] >> 8 * (off & 3);
	} else {
		FUZZ_ASSERT(off + width <= 256);
		memcpy(&v, f->cfg + off, width);
	}
	return width == 4 ? v : v & ((1u << 8 * width) - 1);
}

void fuzz_port_out(uint16_t port, unsigned width, uint32_t v)
{
	if (port == 0xcf8) {
		address = v;
		return;
	}
	struct fn *f = selected();
	unsigned off = (address & 0xfc) + (port - 0xcfc);
	if (!f)
		return;
	if (off >= 0x10 && off < 0x28 && width == 4) {
		/* BAR sizing: all ones in, the mask out; anything else restores. */
		f->sizing[(off - 0x10) / 4] = v == 0xffffffffu;
		if (v != 0xffffffffu)
			memcpy(f->cfg + off, &v, 4);
		return;
	}
	FUZZ_ASSERT(off + width <= 256);
	if (off != 0 && off != 2) /* vendor/device ids are read-only */
		memcpy(f->cfg + off, &v, width);
}

/* BAR memory as the kernel maps it: exactly-sized, freed after each input. */
static void *maps[64];
static unsigned nmaps;
void *mm_map_phys(uint64_t paddr, uint64_t len)
{
	(void)paddr;
	if (!len || len > (1u << 20) || nmaps == sizeof(maps) / sizeof(maps[0]))
		return NULL;
	return maps[nmaps++] = calloc(1, len);
}

/* What virtio_pci.c's transport uses of the rest of the kernel. */
const struct virtio_transport virtio_pci_legacy_ops;
int virtio_pci_setup_irq(struct virtio_pci *vp, void (*fn)(void *), void *arg,
			 uint8_t (*read_isr)(struct virtio_pci *), void (*config_vector)(struct virtio_pci *, uint16_t))
{
	(void)vp, (void)fn, (void)arg, (void)read_isr, (void)config_vector;
	return -1;
}

static int visit(struct pci_dev *d, void *arg)
{
	(*(unsigned *)arg)++;
	pci_decode_bars(d);
	for (unsigned i = 0; i < 6; i++) {
		uint64_t s = d->bar[i].size;
		FUZZ_ASSERT((s & (s - 1)) == 0); /* one run of address bits */
	}
	/* The ids drivers look for (vendor, MSI-X, MSI, PCIe), walked the way
	 * virtio_pci.c walks them. */
	static const uint8_t ids[] = { PCI_CAP_ID_VENDOR, PCI_CAP_ID_MSIX, 0x05, 0x10 };
	for (unsigned i = 0; i < sizeof(ids); i++) {
		uint8_t id = ids[i];
		unsigned n = 0;
		for (unsigned cap = pci_find_cap(d, id, 0); cap; cap = pci_find_cap(d, id, cap)) {
			FUZZ_ASSERT(cap >= 0x40 && cap < 256);
			FUZZ_ASSERT(++n <= 48); /* more capabilities than fit: a loop */
		}
	}
	struct pci_msix m;
	if (pci_msix_init(d, &m) == 0)
		FUZZ_ASSERT(m.size >= 1 && m.size <= 2048);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	memset(fns, 0, sizeof(fns));
	nfn = 0;
	nmaps = 0;
	while (in.n && nfn < NFN) {
		struct fn *f = &fns[nfn++];
		uint8_t where = fuzz_u8(&in);
		f->bus = where >> 7;
		f->slot = where & 31;
		for (int i = 0; i < 6; i++)
			f->mask[i] = fuzz_u32(&in);
		fuzz_take(&in, f->cfg, sizeof(f->cfg));
	}
	/* A host bridge at 00:00.0 unless the input put something there. */
	unsigned seen = 0;
	pci_for_each(visit, &seen);

	struct virtio_dev *devs = NULL, **tail = &devs;
	virtio_pci_probe(&tail);
	while (devs) {
		struct virtio_dev *next = devs->next;
		free(devs->transport_priv);
		devs = next;
	}
	for (unsigned i = 0; i < nmaps; i++)
		free(maps[i]);
	return 0;
}

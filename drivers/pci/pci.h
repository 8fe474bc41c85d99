/*
 * PCI through configuration mechanism #1 (ports 0xCF8/0xCFC): enumeration of
 * bus 0 and the buses behind bridges, capability lists, BAR decoding and
 * sizing, bus mastering, MSI-X.
 * The firmware (SeaBIOS on -M pc) has already assigned BAR addresses; we use
 * them as they are.
 */
#ifndef AMPHI_PCI_H
#define AMPHI_PCI_H

#include <stdint.h>

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SECONDARY_BUS 0x19 /* bridges */
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS_CAP_LIST 0x10

#define PCI_CAP_ID_MSIX 0x11
#define PCI_CAP_ID_VENDOR 0x09

struct pci_bar {
	uint64_t addr; /* port number for I/O BARs */
	uint64_t size; /* 0: not implemented */
	uint8_t is_io, is_64, prefetchable;
};

struct pci_dev {
	uint8_t bus, slot, fn;
	uint16_t vendor, device;
	uint8_t class_code, subclass, revision;
	uint8_t irq_line, irq_pin; /* irq_pin 0: no INTx */
	struct pci_bar bar[6];
};

uint8_t pci_read8(const struct pci_dev *d, unsigned off);
uint16_t pci_read16(const struct pci_dev *d, unsigned off);
uint32_t pci_read32(const struct pci_dev *d, unsigned off);
void pci_write8(const struct pci_dev *d, unsigned off, uint8_t v);
void pci_write16(const struct pci_dev *d, unsigned off, uint16_t v);
void pci_write32(const struct pci_dev *d, unsigned off, uint32_t v);

/* Call visit for every function on bus 0 and the buses behind its bridges,
 * with its ids, class and interrupt line read; stop early when visit
 * returns non-zero and return that value. Its BARs are left zero: sizing
 * them takes some 20 port accesses each (a VM exit apiece), so only the
 * driver that claims a function pays for it, with pci_decode_bars. */
int pci_for_each(int (*visit)(struct pci_dev *d, void *arg), void *arg);
/* Decode and size d's BARs (none for a bridge). */
void pci_decode_bars(struct pci_dev *d);

/* A BAR's size from what it read back after all ones were written to it
 * (both halves for a 64-bit BAR); 0 when no address bit stuck (no BAR). */
uint64_t pci_bar_size(uint64_t readback, int is_io, int is_64);

/* Offset of the first capability with this id after the one at 'after'
 * (0: from the start of the list); 0 when there is none. The list ends where
 * it would visit a capability a second time (a capability pointing to
 * itself or back), so a loop over every match always ends. */
unsigned pci_find_cap(const struct pci_dev *d, uint8_t id, unsigned after);

/* The walk itself, over any config-space reader (host-tested). */
unsigned pci_cap_walk(uint8_t (*read8)(const void *ctx, unsigned off), const void *ctx,
		      uint8_t id, unsigned after);

/* Turn on decoding of the device's BARs and let it master DMA. */
void pci_enable(const struct pci_dev *d);

/* Map len bytes at off inside memory BAR i (uncached); NULL when the BAR is
 * not a memory BAR or the range does not lie inside it. */
void *pci_map_bar(const struct pci_dev *d, unsigned i, uint64_t off, uint64_t len);

/* MSI-X: the table is mapped by pci_msix_init; entries start masked. */
struct pci_msix {
	volatile uint32_t *table;
	unsigned size; /* entries */
	unsigned cap;  /* config-space offset of the capability */
};
/* 0, or -ENODEV when the device has no usable MSI-X capability. */
int pci_msix_init(const struct pci_dev *d, struct pci_msix *m);
/* Program entry i with a message and unmask it. */
int pci_msix_set(struct pci_msix *m, unsigned i, uint64_t addr, uint32_t data);
void pci_msix_enable(const struct pci_dev *d, struct pci_msix *m);

#endif

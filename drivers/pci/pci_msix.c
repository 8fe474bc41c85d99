/* MSI-X (PCI 3.0 section 6.8.2): a table of {address, data, mask} entries in
 * a memory BAR; the device writes data to address to interrupt. */
#include <errno.h>

#include "pci.h"

#define MSIX_CTRL 2  /* message control: table size - 1, function mask, enable */
#define MSIX_TABLE 4 /* BIR (low 3 bits) and offset of the table */
#define MSIX_ENABLE 0x8000
#define MSIX_FUNCTION_MASK 0x4000
#define MSIX_ENTRY_WORDS 4 /* addr lo, addr hi, data, vector control */
#define MSIX_VECTOR_MASKED 1

int pci_msix_init(const struct pci_dev *d, struct pci_msix *m)
{
	unsigned cap = pci_find_cap(d, PCI_CAP_ID_MSIX, 0);
	if (!cap)
		return -ENODEV;
	unsigned size = (pci_read16(d, cap + MSIX_CTRL) & 0x7ff) + 1;
	uint32_t t = pci_read32(d, cap + MSIX_TABLE);
	volatile uint32_t *table = pci_map_bar(d, t & 7, t & ~7u, size * 16ull);
	if (!table)
		return -ENODEV;
	m->table = table;
	m->size = size;
	m->cap = cap;
	for (unsigned i = 0; i < size; i++)
		table[i * MSIX_ENTRY_WORDS + 3] = MSIX_VECTOR_MASKED;
	return 0;
}

int pci_msix_set(struct pci_msix *m, unsigned i, uint64_t addr, uint32_t data)
{
	if (i >= m->size)
		return -EINVAL;
	volatile uint32_t *e = &m->table[i * MSIX_ENTRY_WORDS];
	e[0] = (uint32_t)addr;
	e[1] = (uint32_t)(addr >> 32);
	e[2] = data;
	e[3] = 0; /* unmasked */
	return 0;
}

void pci_msix_enable(const struct pci_dev *d, struct pci_msix *m)
{
	uint16_t ctrl = pci_read16(d, m->cap + MSIX_CTRL);
	ctrl = (uint16_t)((ctrl | MSIX_ENABLE) & ~MSIX_FUNCTION_MASK);
	pci_write16(d, m->cap + MSIX_CTRL, ctrl);
	/* INTx is not used once MSI-X is on. */
	pci_write16(d, PCI_COMMAND, pci_read16(d, PCI_COMMAND) | PCI_COMMAND_INTX_DISABLE);
}

/* The capability list walk, kept apart from port I/O so it is host-tested
 * (tests/unit/test_pci_caps.c). The list comes from the device: its links
 * may point anywhere in config space, to themselves or back. */
#include "pci.h"

unsigned pci_cap_walk(uint8_t (*read8)(const void *ctx, unsigned off), const void *ctx,
		      uint8_t id, unsigned after)
{
	uint64_t seen = 0; /* one bit per dword from 0x40 to 0xfc */
	int passed = after == 0;
	for (unsigned off = read8(ctx, PCI_CAP_PTR); off >= 0x40; off = read8(ctx, off + 1)) {
		off &= 0xfc;
		uint64_t bit = 1ull << (off / 4 - 16);
		if (seen & bit)
			return 0; /* back at a capability already visited: the list ends */
		seen |= bit;
		if (passed && read8(ctx, off) == id)
			return off;
		if (off == after)
			passed = 1;
	}
	return 0;
}

/* BAR sizing arithmetic, kept apart from port I/O so it is host-tested
 * (tests/unit/test_pci_bar.c). */
#include "pci.h"

uint64_t pci_bar_size(uint64_t readback, int is_io, int is_64)
{
	uint64_t bits;
	if (is_io)
		bits = (readback & 0xfffcu) | 0xffffffffffff0000ull; /* 16-bit port space */
	else if (is_64)
		bits = readback & ~0xfull;
	else
		bits = (readback & 0xfffffff0u) | 0xffffffff00000000ull;
	/* Only the flag bits (or the forced upper ones) set: nothing decodes. */
	uint64_t addr_bits = is_io ? (readback & 0xfffcu)
				   : (readback & ~0xfull & (is_64 ? ~0ull : 0xffffffffull));
	/* The size is the lowest writable address bit. A device whose writable
	 * bits are not one run up from there (0xff00f000) is taken at the
	 * smallest size they allow, never a larger one (which would let
	 * offsets pass beyond what the device decodes). */
	return addr_bits ? bits & (0 - bits) : 0;
}

/* UNIT_SOURCES: drivers/pci/pci_caps.c */
/* Host test of the PCI capability walk over a fake config space: every
 * match in order, and lists that loop (a capability pointing to itself, two
 * pointing to each other, a pointer back to the first): the walk and a loop
 * over all matches, as virtio-pci does, must end. */
#include <string.h>

#include "check.h"
#include "drivers/pci/pci.h"

static uint8_t cfg[256];
static int reads;

static uint8_t read8(const void *ctx, unsigned off)
{
	(void)ctx;
	reads++;
	return cfg[off & 0xff];
}

static void cap(unsigned off, uint8_t id, unsigned next)
{
	cfg[off] = id;
	cfg[off + 1] = (uint8_t)next;
}

/* Every match of id, in order, as virtio-pci's loop collects them. */
static int all(uint8_t id, unsigned *out, int max)
{
	int n = 0;
	reads = 0;
	for (unsigned c = pci_cap_walk(read8, NULL, id, 0); c && n < max;
	     c = pci_cap_walk(read8, NULL, id, c))
		out[n++] = c;
	return n;
}

int main(void)
{
	unsigned got[64];
	memset(cfg, 0, sizeof(cfg));
	cfg[PCI_CAP_PTR] = 0x40;
	cap(0x40, 0x09, 0x50);
	cap(0x50, 0x11, 0x60);
	cap(0x60, 0x09, 0x70);
	cap(0x70, 0x09, 0x00);
	CHECK_EQ(all(0x09, got, 64), 3);
	CHECK_EQ(got[0], 0x40);
	CHECK_EQ(got[1], 0x60);
	CHECK_EQ(got[2], 0x70);
	CHECK_EQ(all(0x11, got, 64), 1);
	CHECK_EQ(all(0x05, got, 64), 0);

	/* a vendor capability pointing to itself (the boot used to hang) */
	cap(0x70, 0x09, 0x70);
	CHECK_EQ(all(0x09, got, 64), 3);
	CHECK(reads < 1000);
	/* two pointing to each other, and a pointer back to the start */
	cap(0x70, 0x09, 0x60);
	CHECK_EQ(all(0x09, got, 64), 3);
	cap(0x70, 0x09, 0x40);
	CHECK_EQ(all(0x09, got, 64), 3);
	/* low bits of a pointer are ignored; a pointer below 0x40 ends the list */
	cap(0x70, 0x09, 0x83);
	cap(0x80, 0x09, 0x3c);
	CHECK_EQ(all(0x09, got, 64), 4);
	CHECK_EQ(got[3], 0x80);
	/* every dword a capability, the last pointing to the first: 48 at most */
	for (unsigned off = 0x40; off < 0x100; off += 4)
		cap(off, 0x09, off + 4 < 0x100 ? off + 4 : 0x40);
	CHECK_EQ(all(0x09, got, 64), 48);
	return check_done();
}

/* UNIT_SOURCES: drivers/pci/pci_bar.c */
/* Host test of BAR sizing: what a BAR reads back after all ones are written. */
#include "check.h"
#include "drivers/pci/pci.h"

int main(void)
{
	/* 32-bit memory BAR of 4 KiB (flag bits 0: memory, 32-bit). */
	CHECK_EQ(pci_bar_size(0xfffff000u, 0, 0), 0x1000);
	/* ... prefetchable, 16 MiB. */
	CHECK_EQ(pci_bar_size(0xff000008u, 0, 0), 0x1000000);
	/* 64-bit BAR of 16 KiB: both halves. */
	CHECK_EQ(pci_bar_size(0xffffffffffffc00cull, 0, 1), 0x4000);
	/* 64-bit BAR of 8 GiB: the size lies in the upper half. */
	CHECK_EQ(pci_bar_size(0xfffffffe0000000cull, 0, 1), 0x200000000ull);
	/* I/O BAR of 32 ports; a device decoding only 16 address bits. */
	CHECK_EQ(pci_bar_size(0x0000ffe1u, 1, 0), 32);
	CHECK_EQ(pci_bar_size(0xffffffe1u, 1, 0), 32);
	/* Writable bits not in one run: the smallest size they allow (4 KiB),
	 * not the 16 MiB the top run suggests. */
	CHECK_EQ(pci_bar_size(0xff00f000u, 0, 0), 0x1000);
	CHECK_EQ(pci_bar_size(0xfff0fffffffff00cull, 0, 1), 0x1000);
	/* Not implemented: nothing sticks. */
	CHECK_EQ(pci_bar_size(0, 0, 0), 0);
	CHECK_EQ(pci_bar_size(0, 0, 1), 0);
	CHECK_EQ(pci_bar_size(1, 1, 0), 0);
	CHECK_EQ(pci_bar_size(0x8, 0, 0), 0); /* only the prefetch flag */
	return check_done();
}

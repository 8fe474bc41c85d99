/* UNIT_SOURCES: drivers/virtio/virtio_mmio_cmdline.c */
/* Host test of the virtio_mmio.device= command-line parser. */
#include <string.h>

#include "check.h"
#include "drivers/virtio/virtio_mmio_cmdline.h"

static int nbad;
static void count_bad(const char *word)
{
	(void)word;
	nbad++;
}

static int parses(const char *s)
{
	struct virtio_mmio_spec sp;
	return virtio_mmio_parse_device(s, &sp) == 0;
}

int main(void)
{
	struct virtio_mmio_spec sp[4];
	/* What QEMU microvm,acpi=off appends, among other words. */
	unsigned n = virtio_mmio_cmdline_devices(
	    "console=ttyS0 virtio_mmio.device=512@0xfeb00e00:12 amphi.verbose -- a", sp, 4,
	    count_bad);
	CHECK_EQ(n, 1);
	CHECK_EQ(sp[0].size, 512);
	CHECK_EQ(sp[0].addr, 0xfeb00e00);
	CHECK_EQ(sp[0].gsi, 12);

	/* Several, K and M suffixes, decimal address, the optional id. */
	nbad = 0;
	n = virtio_mmio_cmdline_devices("virtio_mmio.device=4K@0x10000000:5:1 "
					"virtio_mmio.device=1M@268435456:6\tx "
					"virtio_mmio.device=0x200@0xd0000000:40",
					sp, 4, count_bad);
	CHECK_EQ(n, 3);
	CHECK_EQ(nbad, 0);
	CHECK_EQ(sp[0].size, 4096);
	CHECK_EQ(sp[0].gsi, 5);
	CHECK_EQ(sp[1].size, 1 << 20);
	CHECK_EQ(sp[1].addr, 0x10000000);
	CHECK_EQ(sp[2].size, 0x200);
	CHECK_EQ(sp[2].gsi, 40);

	/* Not at the start of a word: not ours. Malformed ones are reported. */
	nbad = 0;
	n = virtio_mmio_cmdline_devices("xvirtio_mmio.device=512@0x1000:5 virtio_mmio.device=512",
					sp, 4, count_bad);
	CHECK_EQ(n, 0);
	CHECK_EQ(nbad, 1);

	/* At most max entries are stored. */
	n = virtio_mmio_cmdline_devices(
	    "virtio_mmio.device=512@0x1000:5 virtio_mmio.device=512@0x2000:6", sp, 1, NULL);
	CHECK_EQ(n, 1);
	CHECK_EQ(sp[0].addr, 0x1000);

	CHECK(parses("512@0xfeb00000:5"));
	CHECK(!parses(""));
	CHECK(!parses("512"));
	CHECK(!parses("512@"));
	CHECK(!parses("512@0xfeb00000"));
	CHECK(!parses("512@0xfeb00000:"));
	CHECK(!parses("512@0xfeb00000:5x"));
	CHECK(!parses("512@0xfeb00000:5:"));
	CHECK(!parses("@0xfeb00000:5"));
	CHECK(!parses("512@0:5"));			 /* no address */
	CHECK(!parses("512@0xfeb00001:5"));		 /* misaligned */
	CHECK(!parses("128@0xfeb00000:5"));		 /* smaller than the registers */
	CHECK(!parses("2M@0xfeb00000:5"));		 /* larger than any transport */
	CHECK(!parses("512@0xfeb00000:0"));		 /* no interrupt */
	CHECK(!parses("512@0xfeb00000:255"));		 /* not a GSI */
	CHECK(!parses("512@0xfffffffffffffe00:5"));	 /* wraps around */
	CHECK(!parses("99999999999999999999@0x1000:5")); /* overflows */
	CHECK(!parses("17592186044416M@0x1000:5"));	 /* overflows when scaled */
	return check_done();
}

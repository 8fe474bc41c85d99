/* virtio_mmio.device= words on the boot command line. */
#ifndef AMPHI_VIRTIO_MMIO_CMDLINE_H
#define AMPHI_VIRTIO_MMIO_CMDLINE_H

#include <stdint.h>

struct virtio_mmio_spec {
	uint64_t addr, size;
	unsigned gsi;
};

/* One "SIZE@ADDR:IRQ[:ID]" (SIZE may end in K or M); 0, or -1 when it is
 * malformed or out of range (size 256 bytes..1 MiB, IRQ 1..254). */
int virtio_mmio_parse_device(const char *s, struct virtio_mmio_spec *out);

/* Every virtio_mmio.device= word in cmdline, up to max; bad(word) is told
 * about the malformed ones. Returns how many were stored in out. */
unsigned virtio_mmio_cmdline_devices(const char *cmdline, struct virtio_mmio_spec *out,
				     unsigned max, void (*bad)(const char *word));

#endif

/* FUZZ_SOURCES: boot/efi/kimage.c */
/* The UEFI loader's reader of the kernel ELF it carries
 * (boot/efi/kimage.c): the whole input is the image, in an exactly-sized
 * buffer. Properties: no read outside the image; an accepted image has at
 * least one segment, each inside the image and below 4 GiB, and an entry. */
#include "fuzz.h"

#include "boot/efi/kimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img = malloc(size ? size : 1);
	memcpy(img, data, size);
	struct handoff h;
	memset(&h, 0, sizeof(h));
	const char *err = kimage_parse(img, size, &h);
	if (!err) {
		FUZZ_ASSERT(h.nseg >= 1 && h.nseg <= HANDOFF_MAX_SEGS && h.entry);
		for (unsigned i = 0; i < h.nseg; i++) {
			const struct handoff_seg *s = &h.seg[i];
			uintptr_t src = (uintptr_t)img + (s->src - (uint32_t)(uintptr_t)img);
			FUZZ_ASSERT(s->filesz <= s->memsz);
			FUZZ_ASSERT(src >= (uintptr_t)img && src - (uintptr_t)img <= size &&
				    s->filesz <= size - (src - (uintptr_t)img));
			FUZZ_ASSERT((uint64_t)s->dst + s->memsz <= 1ull << 32);
		}
	}
	free(img);
	return 0;
}

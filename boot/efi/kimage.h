/* The kernel+app ELF image the .efi carries: where it goes, where it starts. */
#ifndef AMPHI_EFI_KIMAGE_H
#define AMPHI_EFI_KIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "handoff.h"

/* Fill h's segments (to copy from img) and PVH entry point. Returns NULL, or
 * what is wrong with the image. */
const char *kimage_parse(const uint8_t *img, size_t size, struct handoff *h);

#endif

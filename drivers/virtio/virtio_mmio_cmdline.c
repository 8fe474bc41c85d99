/* The `virtio_mmio.device=SIZE@ADDR:IRQ[:ID]` command-line words (the form
 * Linux reads and QEMU writes on microvm,acpi=off). Pure parsing, host-tested
 * (tests/unit/test_virtio_mmio_cmdline.c). */
#include "virtio_mmio_cmdline.h"

#include <string.h>

#define MIN_SIZE 0x100 /* registers only: the config space starts there */
#define MAX_SIZE (1u << 20)

/* A number (decimal, or hex after 0x) at *s; advances *s past it. */
static int parse_num(const char **s, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0, base = 10;
	int digits = 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	for (;; p++, digits++) {
		uint64_t d = (*p >= '0' && *p <= '9') ? (uint64_t)(*p - '0')
		    : (*p >= 'a' && *p <= 'f')	      ? (uint64_t)(*p - 'a' + 10)
		    : (*p >= 'A' && *p <= 'F')	      ? (uint64_t)(*p - 'A' + 10)
						      : 99;
		if (d >= base)
			break;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	if (!digits)
		return -1;
	*s = p;
	*out = v;
	return 0;
}

int virtio_mmio_parse_device(const char *s, struct virtio_mmio_spec *out)
{
	uint64_t size, addr, irq, id;
	if (parse_num(&s, &size) < 0)
		return -1;
	unsigned shift = (*s == 'K' || *s == 'k') ? 10 : (*s == 'M' || *s == 'm') ? 20 : 0;
	if (shift) {
		if (size > (MAX_SIZE >> shift))
			return -1;
		size <<= shift, s++;
	}
	if (*s++ != '@' || parse_num(&s, &addr) < 0 || *s++ != ':' || parse_num(&s, &irq) < 0)
		return -1;
	if (*s == ':' && (s++, parse_num(&s, &id) < 0)) /* the platform-device id: unused */
		return -1;
	if (*s && *s != ' ' && *s != '\t')
		return -1;
	if (size < MIN_SIZE || size > MAX_SIZE || addr == 0 || (addr & 3) || addr + size < addr ||
	    irq == 0 || irq > 254)
		return -1;
	out->size = size;
	out->addr = addr;
	out->gsi = (unsigned)irq;
	return 0;
}

unsigned virtio_mmio_cmdline_devices(const char *cmdline, struct virtio_mmio_spec *out,
				     unsigned max, void (*bad)(const char *word))
{
	static const char key[] = "virtio_mmio.device=";
	unsigned n = 0;
	for (const char *p = cmdline; n < max && (p = strstr(p, key)); p++) {
		if (p != cmdline && p[-1] != ' ' && p[-1] != '\t')
			continue; /* inside another word */
		if (virtio_mmio_parse_device(p + sizeof(key) - 1, &out[n]) == 0)
			n++;
		else if (bad)
			bad(p);
	}
	return n;
}

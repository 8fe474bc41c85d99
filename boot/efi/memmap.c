/*
 * The UEFI memory map, read for two things: whether the kernel's link-time
 * range will be free once boot services exit, and the E820-style map the PVH
 * entry expects (enum mem_type follows the E820 numbering).
 */
#include "memmap.h"
#include "platform/platform.h"

#define PAGE 4096ull

static const EFI_MEMORY_DESCRIPTOR *desc(const struct efi_map *m, UINTN i)
{
	return (const void *)((const UINT8 *)m->buf + i * m->desc_size);
}

/* A descriptor size smaller than the structure (or 0) would make the
 * descriptors overlap (or divide by zero): such a map has no usable entry. */
static UINTN count(const struct efi_map *m)
{
	return memmap_desc_size_ok(m) ? m->size / m->desc_size : 0;
}

int memmap_desc_size_ok(const struct efi_map *m)
{
	return m->desc_size >= sizeof(EFI_MEMORY_DESCRIPTOR) && m->desc_size % 8 == 0 &&
	       m->desc_size <= 4096;
}

/* A descriptor's length in bytes, cut so that its end stays below 2^64 (a
 * firmware map may claim more pages than the address space has). */
static uint64_t length(const EFI_MEMORY_DESCRIPTOR *d)
{
	const uint64_t top = ~(PAGE - 1);
	if (d->PhysicalStart >= top)
		return 0;
	uint64_t room = (top - d->PhysicalStart) / PAGE;
	return (d->NumberOfPages < room ? d->NumberOfPages : room) * PAGE;
}

/* Memory nobody owns after ExitBootServices. Loader memory is not in the list:
 * it holds this loader, the kernel image it carries and the hand-over data. */
static int free_after_exit(UINT32 type)
{
	return type == EfiConventionalMemory || type == EfiBootServicesCode ||
	       type == EfiBootServicesData;
}

static uint32_t e820_type(UINT32 type)
{
	switch (type) {
	case EfiLoaderCode:
	case EfiLoaderData:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiConventionalMemory:
		return MEM_RAM;
	case EfiACPIReclaimMemory:
		return MEM_ACPI;
	case EfiACPIMemoryNVS:
		return MEM_NVS;
	case EfiUnusableMemory:
		return MEM_UNUSABLE;
	default: /* runtime services, MMIO, reserved, persistent */
		return MEM_RESERVED;
	}
}

int memmap_free_after_exit(const struct efi_map *m, uint64_t lo, uint64_t hi, uint64_t *bad,
			   uint32_t *type)
{
	uint64_t at = lo;
	while (at < hi) {
		const EFI_MEMORY_DESCRIPTOR *d = 0;
		for (UINTN i = 0; i < count(m) && !d; i++) {
			const EFI_MEMORY_DESCRIPTOR *e = desc(m, i);
			if (e->PhysicalStart <= at && at - e->PhysicalStart < length(e))
				d = e;
		}
		if (!d || !free_after_exit(d->Type)) {
			*bad = at;
			*type = d ? d->Type : ~0u;
			return 0;
		}
		at = d->PhysicalStart + length(d); /* > at: d covers at */
	}
	return 1;
}

unsigned memmap_to_e820(const struct efi_map *m, struct hvm_memmap_table_entry *out, unsigned max)
{
	unsigned n = 0;
	for (UINTN i = 0; i < count(m); i++) {
		const EFI_MEMORY_DESCRIPTOR *d = desc(m, i);
		struct hvm_memmap_table_entry e = { d->PhysicalStart, length(d),
					      e820_type(d->Type), 0 };
		if (!e.size || n == max)
			continue;
		/* UEFI does not promise a sorted map: insertion sort. */
		unsigned j = n++;
		while (j > 0 && out[j - 1].addr > e.addr) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = e;
	}
	unsigned k = 0;
	for (unsigned i = 0; i < n; i++) {
		if (k && out[k - 1].type == out[i].type &&
		    out[k - 1].addr + out[k - 1].size == out[i].addr)
			out[k - 1].size += out[i].size;
		else
			out[k++] = out[i];
	}
	return k;
}

/*
 * Reads the embedded kernel ELF the way a PVH loader does: PT_LOAD segments
 * at their physical addresses, the entry point from the Xen ELF note
 * XEN_ELFNOTE_PHYS32_ENTRY (not e_entry, which other boot paths may own).
 */
#include <elf.h>

#include "boot/pvh/hvm_start_info.h"
#include "kimage.h"

#define BELOW_4G(x) ((uint64_t)(x) < (1ull << 32))

/* The PHYS32_ENTRY value in a PT_NOTE segment, or 0. */
static uint32_t note_entry(const uint8_t *p, size_t len)
{
	while (len >= sizeof(Elf64_Nhdr)) {
		const Elf64_Nhdr *n = (const void *)p;
		/* Rounded in 64 bits: a size near 2^32 must not wrap to a small one. */
		uint64_t name = ((uint64_t)n->n_namesz + 3) & ~3ull;
		uint64_t desc = ((uint64_t)n->n_descsz + 3) & ~3ull;
		if (sizeof(*n) + name + desc > len)
			break;
		const char *owner = (const char *)(n + 1);
		if (n->n_type == XEN_ELFNOTE_PHYS32_ENTRY && n->n_namesz == 4 && owner[0] == 'X' &&
		    owner[1] == 'e' && owner[2] == 'n' && owner[3] == 0 && n->n_descsz >= 4)
			return *(const uint32_t *)(p + sizeof(*n) + name);
		p += sizeof(*n) + name + desc;
		len -= sizeof(*n) + name + desc;
	}
	return 0;
}

const char *kimage_parse(const uint8_t *img, size_t size, struct handoff *h)
{
	const Elf64_Ehdr *eh = (const void *)img;
	if (size < sizeof(*eh) || eh->e_ident[EI_MAG0] != ELFMAG0 || eh->e_ident[EI_MAG1] != ELFMAG1 ||
	    eh->e_ident[EI_MAG2] != ELFMAG2 || eh->e_ident[EI_MAG3] != ELFMAG3 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64)
		return "not an x86-64 ELF image";
	/* The headers are read in place: they must be aligned as ELF lays them out. */
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > size || eh->e_phoff % 8 ||
	    eh->e_phnum > (size - eh->e_phoff) / sizeof(Elf64_Phdr))
		return "bad program headers";
	const Elf64_Phdr *ph = (const void *)(img + eh->e_phoff);
	h->nseg = 0;
	h->entry = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_offset > size || ph[i].p_filesz > size - ph[i].p_offset)
			return "a segment lies outside the image";
		if (ph[i].p_type == PT_NOTE && !h->entry) {
			if (ph[i].p_offset % 4)
				return "a note that is not 4-byte aligned";
			h->entry = note_entry(img + ph[i].p_offset, ph[i].p_filesz);
		} else if (ph[i].p_type == PT_LOAD && ph[i].p_memsz) {
			if (h->nseg == HANDOFF_MAX_SEGS)
				return "too many segments";
			if (ph[i].p_filesz > ph[i].p_memsz || !BELOW_4G(ph[i].p_paddr) ||
			    ph[i].p_memsz > (1ull << 32) - ph[i].p_paddr)
				return "a segment does not fit below 4 GiB";
			h->seg[h->nseg++] = (struct handoff_seg){
				.dst = (uint32_t)ph[i].p_paddr,
				.src = (uint32_t)(uintptr_t)(img + ph[i].p_offset),
				.filesz = (uint32_t)ph[i].p_filesz,
				.memsz = (uint32_t)ph[i].p_memsz,
			};
		}
	}
	if (!h->nseg)
		return "no loadable segment";
	if (!h->entry)
		return "no PVH entry point (Xen ELF note PHYS32_ENTRY)";
	return 0;
}

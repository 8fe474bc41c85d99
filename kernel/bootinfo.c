#include "bootinfo.h"

int bootinfo_add_mem(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
	if (!len)
		return 0;
	if (bi->nmem >= BOOT_MEM_MAX)
		return -1;
	if (base && len > 0 - base)
		len = 0 - base; /* ends at 2^64, not past it (then it would seem to start at 0) */
	if (type < MEM_RAM || type > MEM_UNUSABLE)
		type = MEM_RESERVED;
	unsigned i = bi->nmem++;
	while (i > 0 && bi->mem[i - 1].base > base) {
		bi->mem[i] = bi->mem[i - 1];
		i--;
	}
	bi->mem[i] = (struct mem_region){ base, len, type };
	return 0;
}

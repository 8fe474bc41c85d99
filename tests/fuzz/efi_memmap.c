/* FUZZ_SOURCES: boot/efi/memmap.c */
/* The UEFI loader's memory-map conversion (boot/efi/memmap.c) on any map
 * the firmware could return. Input: desc_size (2 bytes), the range to check
 * (two 8-byte addresses), then the map itself in an exactly-sized buffer.
 * Properties: no read outside the map, no hang; the E820 map is sorted,
 * without empty entries, neighbours of one type merged, no entry wrapping
 * past 2^64; a range said to be free lies in descriptors of free types.
 * Overlapping descriptors stay as the firmware gave them: the kernel's
 * bootinfo_normalize resolves them (tests/fuzz/bootinfo.c). */
#include "fuzz.h"

#include "boot/efi/memmap.h"
#include "platform/platform.h"

#define MAX 128

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	UINTN desc_size = fuzz_u16(&in);
	uint64_t lo = fuzz_u64(&in), hi = fuzz_u64(&in);
	void *buf = malloc(in.n ? in.n : 1);
	memcpy(buf, in.p, in.n);
	struct efi_map m = { buf, in.n, desc_size };

	uint64_t bad = 0;
	uint32_t type = 0;
	if (memmap_free_after_exit(&m, lo, hi, &bad, &type) == 0)
		FUZZ_ASSERT(bad >= lo && bad < hi);

	struct hvm_memmap_table_entry out[MAX];
	unsigned n = memmap_to_e820(&m, out, MAX);
	FUZZ_ASSERT(n <= MAX);
	for (unsigned i = 0; i < n; i++) {
		FUZZ_ASSERT(out[i].size != 0);
		FUZZ_ASSERT(out[i].addr + out[i].size - 1 >= out[i].addr); /* no wrap */
		FUZZ_ASSERT(out[i].type >= MEM_RAM && out[i].type <= MEM_UNUSABLE);
		if (i)
			FUZZ_ASSERT(out[i - 1].addr <= out[i].addr);
	}
	free(buf);
	return 0;
}

/* The stack protector's canary and failure paths (kernel/ssp.h). These
 * replace newlib's own, which print and raise(SIGABRT). */
#include "ssp.h"

#include <string.h>

#include "panic.h"
#include "symtab.h"

/* Non-zero until the entry point sets the per-boot value. */
uintptr_t __stack_chk_guard = 0x2f8c51a3e6b7d400ull;
const char *ssp_guard_source = "none";

/* The function whose frame failed, from the address its check returns to. */
static const char *caller_name(uint64_t ret)
{
	uint64_t off;
	const char *name = symtab_lookup(&amphi_symtab, ret - 1, &off);
	return name ? name : "an unknown function";
}

__attribute__((noreturn, no_stack_protector)) void __stack_chk_fail(void)
{
	panic("stack smashing detected in %s (its stack canary was overwritten)",
	      caller_name((uint64_t)(uintptr_t)__builtin_return_address(0)));
}

/* newlib's checked functions (__memcpy_chk...) call this on an overflow.
 * They are built without frame pointers, so the function that called the
 * checked one is found as the first return address above ours that lies in
 * the image's code and is not a checked function itself. */
__attribute__((noreturn, no_stack_protector)) void __chk_fail(void)
{
	extern char __text_start[], __text_end[];
	const uint64_t *fp = __builtin_frame_address(0);
	const char *name = "an unknown function";
	for (int i = 2; i < 16; i++) {
		uint64_t v = fp[i];
		uint64_t off;
		const char *n;
		if (v <= (uintptr_t)__text_start || v > (uintptr_t)__text_end ||
		    !(n = symtab_lookup(&amphi_symtab, v - 1, &off)))
			continue;
		size_t len = strlen(n);
		if (len > 4 && !strcmp(n + len - 4, "_chk"))
			continue;
		name = n;
		break;
	}
	panic("buffer overflow detected in %s (a checked string or memory function, _FORTIFY_SOURCE)",
	      name);
}

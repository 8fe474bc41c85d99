/* FUZZ_SOURCES: */
/* Xen's PV control interface (drivers/xen/control.h): the value a toolstack
 * (or anyone who can write control/shutdown) puts there. Properties: only the
 * exact words are obeyed, whatever bytes surround them, and the value shown
 * on the console is printable ASCII, NUL-terminated, within its buffer. */
#include "fuzz.h"

#include "drivers/xen/control.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	size_t cap = 1 + fuzz_u8(&in) % 64;
	char *value = malloc(in.n ? in.n : 1);
	memcpy(value, in.p, in.n);
	enum xen_shutdown_req r = xen_shutdown_parse(value, in.n);
	if (in.n == 0)
		FUZZ_ASSERT(r == XEN_REQ_NONE);
	else if (r == XEN_REQ_POWEROFF)
		FUZZ_ASSERT((in.n == 8 && !memcmp(value, "poweroff", 8)) ||
			    (in.n == 4 && !memcmp(value, "halt", 4)));
	else if (r == XEN_REQ_REBOOT)
		FUZZ_ASSERT(in.n == 6 && !memcmp(value, "reboot", 6));
	else
		FUZZ_ASSERT(r == XEN_REQ_OTHER);

	char *out = malloc(cap); /* exactly cap: a write past it is caught */
	xen_shutdown_printable(value, in.n, out, cap);
	size_t n = strlen(out);
	FUZZ_ASSERT(n < cap && n == (in.n < cap - 1 ? in.n : cap - 1));
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT(out[i] >= ' ' && out[i] <= '~');
	free(out);
	free(value);
	return 0;
}

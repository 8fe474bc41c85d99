/*
 * Xen's PV control interface: the toolstack asks the guest to stop by
 * writing a word into xenstore's control/shutdown (`xl shutdown` writes
 * "poweroff", `xl reboot` "reboot", `xl save` "suspend"), and waits until
 * the guest acknowledges by emptying it. control.c watches that node; the
 * pure logic below is host-tested (tests/unit/test_xen_control.c).
 */
#ifndef AMPHI_XEN_CONTROL_H
#define AMPHI_XEN_CONTROL_H

#include <stddef.h>
#include <string.h>

enum xen_shutdown_req {
	XEN_REQ_NONE,     /* empty: nothing asked (or our own acknowledgement) */
	XEN_REQ_POWEROFF, /* "poweroff", or "halt" as Linux takes it */
	XEN_REQ_REBOOT,
	XEN_REQ_OTHER,    /* "suspend" (not supported) or anything else: ignored */
};

/* What the len bytes of value ask for (a xenstore value may hold any byte,
 * NUL included: compared whole, never as a C string). */
static inline enum xen_shutdown_req xen_shutdown_parse(const char *value, size_t len)
{
	static const struct {
		const char *word;
		enum xen_shutdown_req req;
	} words[] = { { "poweroff", XEN_REQ_POWEROFF }, { "halt", XEN_REQ_POWEROFF },
		      { "reboot", XEN_REQ_REBOOT } };
	if (len == 0)
		return XEN_REQ_NONE;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (len == strlen(words[i].word) && !memcmp(value, words[i].word, len))
			return words[i].req;
	return XEN_REQ_OTHER;
}

/* The value made fit for one console line: bytes outside printable ASCII
 * become '?', and at most cap - 1 of them are kept (NUL-terminated). */
static inline void xen_shutdown_printable(const char *value, size_t len, char *out, size_t cap)
{
	size_t n = len < cap - 1 ? len : cap - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = value[i] >= ' ' && value[i] <= '~' ? value[i] : '?';
	out[n] = '\0';
}

#endif

/* Host test of the shutdown request logic of Xen's PV control interface
 * (drivers/xen/control.h): what each value asks for, and how a hostile one
 * is shown on the console. */
#include <string.h>

#include "check.h"
#include "drivers/xen/control.h"

#define PARSE(s) xen_shutdown_parse(s, sizeof(s) - 1)

int main(void)
{
	CHECK_EQ(PARSE(""), XEN_REQ_NONE);
	CHECK_EQ(PARSE("poweroff"), XEN_REQ_POWEROFF);
	CHECK_EQ(PARSE("halt"), XEN_REQ_POWEROFF);
	CHECK_EQ(PARSE("reboot"), XEN_REQ_REBOOT);
	CHECK_EQ(PARSE("suspend"), XEN_REQ_OTHER);
	CHECK_EQ(PARSE("bogus"), XEN_REQ_OTHER);
	CHECK_EQ(PARSE("poweroffx"), XEN_REQ_OTHER);   /* a word with more after it */
	CHECK_EQ(PARSE("power"), XEN_REQ_OTHER);       /* a prefix of one */
	CHECK_EQ(PARSE("Poweroff"), XEN_REQ_OTHER);    /* case matters */
	CHECK_EQ(PARSE("reboot\n"), XEN_REQ_OTHER);
	CHECK_EQ(PARSE("halt\0junk"), XEN_REQ_OTHER);  /* a NUL inside the value */
	CHECK_EQ(PARSE("\0"), XEN_REQ_OTHER);
	CHECK_EQ(xen_shutdown_parse("rebootXYZ", 6), XEN_REQ_REBOOT); /* only len bytes count */

	char out[8];
	xen_shutdown_printable("bogus", 5, out, sizeof(out));
	CHECK(!strcmp(out, "bogus"));
	xen_shutdown_printable("a\nb\0c\x7f\xff", 7, out, sizeof(out));
	CHECK(!strcmp(out, "a?b?c??"));
	xen_shutdown_printable("0123456789", 10, out, sizeof(out)); /* cut at cap - 1 */
	CHECK(!strcmp(out, "0123456"));
	xen_shutdown_printable("", 0, out, sizeof(out));
	CHECK(!strcmp(out, ""));
	return check_done();
}

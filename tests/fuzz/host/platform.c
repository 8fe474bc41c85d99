/* The kernel's platform pointer for harnesses: kprintf's output is dropped
 * (FUZZ_CONSOLE=1 in the environment shows it), nothing else is provided. */
#include <stdio.h>
#include <stdlib.h>

#include "platform/platform.h"

static void console_write(const char *buf, size_t len)
{
	static int show = -1;
	if (show < 0)
		show = getenv("FUZZ_CONSOLE") != NULL;
	if (show)
		fwrite(buf, 1, len, stderr);
}

static const struct platform fuzz_platform = { .name = "fuzz", .console_write = console_write };
const struct platform *platform = &fuzz_platform;

/* FUZZ_SOURCES: kernel/cmdline.c kernel/printk.c */
/* The boot command line (kernel/cmdline.c) as kernel_main parses it: copied
 * into a BOOT_CMDLINE_MAX buffer, then split in place. Whatever the loader
 * hands over, the parser either fills struct cmdline with strings inside the
 * buffer and options in range, or refuses with a message. */
#include "fuzz.h"

#include "kernel/cmdline.h"
#include "platform/platform.h"

static char buf[BOOT_CMDLINE_MAX];

static int inside(const char *s)
{
	return s >= buf && s < buf + sizeof(buf) && memchr(s, '\0', (size_t)(buf + sizeof(buf) - s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= sizeof(buf))
		return -1; /* the copy from the loader is bounded (bootinfo covers that step) */
	memcpy(buf, data, size);
	buf[size] = '\0';
	struct cmdline cl;
	char err[256];
	err[0] = '\0';
	if (cmdline_parse(buf, "app", &cl, err, sizeof(err)) < 0) {
		FUZZ_ASSERT(err[0] && memchr(err, '\0', sizeof(err)));
		return 0;
	}
	FUZZ_ASSERT(cl.argc >= 1 && cl.argc <= CMDLINE_MAX_ARGS && !cl.argv[cl.argc]);
	FUZZ_ASSERT(!strcmp(cl.argv[0], "app"));
	for (int i = 1; i < cl.argc; i++)
		FUZZ_ASSERT(inside(cl.argv[i]));
	FUZZ_ASSERT(cl.envc >= 0 && cl.envc <= CMDLINE_MAX_ENV && !cl.envp[cl.envc]);
	for (int i = 0; i < cl.envc; i++) {
		FUZZ_ASSERT(inside(cl.envp[i]));
		const char *eq = strchr(cl.envp[i], '=');
		FUZZ_ASSERT(eq && eq > cl.envp[i]); /* NAME=VALUE with a name */
	}
	FUZZ_ASSERT(cl.stack_size >= 16 * 1024 && cl.stack_size <= 1024ull * 1024 * 1024);
	FUZZ_ASSERT(cl.ip ? cl.prefix_len >= 1 && cl.prefix_len <= 32 : 1);
	return 0;
}

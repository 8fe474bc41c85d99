/* UNIT_SOURCES: kernel/cmdline.c kernel/printk.c */
/* Host test of the boot command-line parser (argv after "--", env.NAME=VALUE,
 * amphi.* options, quoting and the error messages). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "kernel/cmdline.h"
#include "platform/platform.h"

/* printk.c writes to the console through this; NULL drops the output. */
const struct platform *platform;

static struct cmdline cl;
static char buf[8192];
static char err[256];

/* Parse a copy of s (the parser works in place) with argv[0] = "app". */
static int parse(const char *s)
{
	snprintf(buf, sizeof(buf), "%s", s);
	err[0] = '\0';
	return cmdline_parse(buf, "app", &cl, err, sizeof(err));
}

static int str_is(const char *a, const char *b) { return a && b && !strcmp(a, b); }

/* Nothing on the line: argv = { "app", NULL }, no environment, defaults. */
static void check_defaults(void)
{
	CHECK_EQ(cl.argc, 1);
	CHECK(str_is(cl.argv[0], "app"));
	CHECK(cl.argv[1] == NULL);
	CHECK_EQ(cl.envc, 0);
	CHECK(cl.envp[0] == NULL);
	CHECK_EQ(cl.bootstats, 0);
	CHECK_EQ(cl.verbose, 0);
	CHECK_EQ(cl.probe, 0);
	CHECK_EQ(cl.stack_size, 256 * 1024);
}

static void test_empty(void)
{
	CHECK_EQ(parse(""), 0);
	check_defaults();
	CHECK_EQ(parse("   \t \n  "), 0);
	check_defaults();
	/* Leftovers from a previous parse must not survive. */
	CHECK_EQ(parse("amphi.verbose env.A=1 -- x"), 0);
	CHECK_EQ(parse(" "), 0);
	check_defaults();
	/* A lone "--" gives no arguments. */
	CHECK_EQ(parse("--"), 0);
	check_defaults();
}

static void test_argv(void)
{
	CHECK_EQ(parse("-- one two  three"), 0);
	CHECK_EQ(cl.argc, 4);
	CHECK(str_is(cl.argv[0], "app"));
	CHECK(str_is(cl.argv[1], "one"));
	CHECK(str_is(cl.argv[2], "two"));
	CHECK(str_is(cl.argv[3], "three"));
	CHECK(cl.argv[4] == NULL);

	/* Tabs and newlines separate words too; trailing blanks add nothing. */
	CHECK_EQ(parse("--\ta\nb\t \n"), 0);
	CHECK_EQ(cl.argc, 3);
	CHECK(str_is(cl.argv[1], "a"));
	CHECK(str_is(cl.argv[2], "b"));
	CHECK(cl.argv[3] == NULL);

	/* After "--" everything is the app's: options, env. words, another "--". */
	CHECK_EQ(parse("-- amphi.foo env.X=1 -- console=ttyS0"), 0);
	CHECK_EQ(cl.argc, 5);
	CHECK(str_is(cl.argv[1], "amphi.foo"));
	CHECK(str_is(cl.argv[2], "env.X=1"));
	CHECK(str_is(cl.argv[3], "--"));
	CHECK(str_is(cl.argv[4], "console=ttyS0"));
	CHECK(cl.argv[5] == NULL);
	CHECK_EQ(cl.envc, 0);
	CHECK(cl.envp[0] == NULL);

	/* The given name is argv[0] as is, even with nothing after "--". */
	snprintf(buf, sizeof(buf), "-- x");
	CHECK_EQ(cmdline_parse(buf, "/bin/other name", &cl, err, sizeof(err)), 0);
	CHECK(str_is(cl.argv[0], "/bin/other name"));
	CHECK(str_is(cl.argv[1], "x"));
}

static void test_quotes(void)
{
	CHECK_EQ(parse("-- 'a b' \"c d\" e"), 0);
	CHECK_EQ(cl.argc, 4);
	CHECK(str_is(cl.argv[1], "a b"));
	CHECK(str_is(cl.argv[2], "c d"));
	CHECK(str_is(cl.argv[3], "e"));
	CHECK(cl.argv[4] == NULL);

	/* Quotes inside a word join it; one kind of quote protects the other. */
	CHECK_EQ(parse("-- x'y z'w \"it's\" 'say \"hi\"'"), 0);
	CHECK_EQ(cl.argc, 4);
	CHECK(str_is(cl.argv[1], "xy zw"));
	CHECK(str_is(cl.argv[2], "it's"));
	CHECK(str_is(cl.argv[3], "say \"hi\""));

	/* An empty quoted word is an (empty) argument. */
	CHECK_EQ(parse("-- '' \"\" z"), 0);
	CHECK_EQ(cl.argc, 4);
	CHECK(str_is(cl.argv[1], ""));
	CHECK(str_is(cl.argv[2], ""));
	CHECK(str_is(cl.argv[3], "z"));

	/* Quoted "--" is still the separator word once quotes are removed. */
	CHECK_EQ(parse("'--' a"), 0);
	CHECK_EQ(cl.argc, 2);
	CHECK(str_is(cl.argv[1], "a"));

	/* Unterminated quotes are an error, before or after "--". */
	CHECK_EQ(parse("-- 'a b"), -1);
	CHECK(strstr(err, "unterminated quote") != NULL);
	CHECK_EQ(parse("-- a \"b c"), -1);
	CHECK(strstr(err, "unterminated quote") != NULL);
	CHECK_EQ(parse("env.A='x"), -1);
	CHECK(strstr(err, "unterminated quote") != NULL);
}

static void test_env(void)
{
	CHECK_EQ(parse("env.HOME=/root env.MSG='hello world' env.EMPTY= env.EQ=a=b -- x"), 0);
	CHECK_EQ(cl.envc, 4);
	CHECK(str_is(cl.envp[0], "HOME=/root"));
	CHECK(str_is(cl.envp[1], "MSG=hello world"));
	CHECK(str_is(cl.envp[2], "EMPTY="));
	CHECK(str_is(cl.envp[3], "EQ=a=b"));
	CHECK(cl.envp[4] == NULL);
	CHECK_EQ(cl.argc, 2);
	CHECK(str_is(cl.argv[1], "x"));
	CHECK(cl.argv[2] == NULL);

	CHECK_EQ(parse("env.=x"), -1);
	CHECK(strstr(err, "env.=x") != NULL);
	CHECK(strstr(err, "env.NAME=VALUE") != NULL);
	CHECK_EQ(parse("env.FOO"), -1);
	CHECK(strstr(err, "'env.FOO'") != NULL);
	CHECK_EQ(parse("env."), -1);

	/* CMDLINE_MAX_ENV entries fit, one more is an error. */
	char line[4096];
	size_t n = 0;
	for (int i = 0; i < CMDLINE_MAX_ENV; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "env.V%d=%d ", i, i);
	CHECK_EQ(parse(line), 0);
	CHECK_EQ(cl.envc, CMDLINE_MAX_ENV);
	CHECK(str_is(cl.envp[0], "V0=0"));
	CHECK(str_is(cl.envp[CMDLINE_MAX_ENV - 1], "V63=63"));
	CHECK(cl.envp[CMDLINE_MAX_ENV] == NULL);
	snprintf(line + n, sizeof(line) - n, "env.ONE=more");
	CHECK_EQ(parse(line), -1);
	CHECK(strstr(err, "too many env.") != NULL);
}

static void test_flags(void)
{
	CHECK_EQ(parse("amphi.bootstats"), 0);
	CHECK_EQ(cl.bootstats, 1);
	CHECK_EQ(cl.verbose, 0);
	CHECK_EQ(cl.probe, 0);
	CHECK_EQ(parse("amphi.verbose"), 0);
	CHECK_EQ(cl.verbose, 1);
	CHECK_EQ(cl.bootstats, 0);
	CHECK_EQ(parse("amphi.probe"), 0);
	CHECK_EQ(cl.probe, 1);
	CHECK_EQ(cl.verbose, 0);

	CHECK_EQ(parse("amphi.bootstats=1 amphi.verbose=1 amphi.probe=1"), 0);
	CHECK_EQ(cl.bootstats, 1);
	CHECK_EQ(cl.verbose, 1);
	CHECK_EQ(cl.probe, 1);
	CHECK_EQ(parse("amphi.bootstats=0 amphi.verbose=0 amphi.probe=0"), 0);
	CHECK_EQ(cl.bootstats, 0);
	CHECK_EQ(cl.verbose, 0);
	CHECK_EQ(cl.probe, 0);
	/* The last one wins. */
	CHECK_EQ(parse("amphi.verbose amphi.verbose=0"), 0);
	CHECK_EQ(cl.verbose, 0);
	CHECK_EQ(parse("amphi.verbose=0 amphi.verbose"), 0);
	CHECK_EQ(cl.verbose, 1);

	CHECK_EQ(parse("amphi.verbose=2"), -1);
	CHECK(strstr(err, "amphi.verbose") != NULL);
	CHECK(strstr(err, "'2'") != NULL);
	CHECK_EQ(parse("amphi.probe=yes"), -1);
	CHECK(strstr(err, "amphi.probe") != NULL);
	CHECK_EQ(parse("amphi.bootstats="), -1);
	CHECK(strstr(err, "amphi.bootstats") != NULL);
	CHECK_EQ(parse("amphi.bootstats=01"), -1);
}

static void test_stack(void)
{
	CHECK_EQ(parse("amphi.stack=512K"), 0);
	CHECK_EQ(cl.stack_size, 512 * 1024);
	CHECK_EQ(parse("amphi.stack=2M"), 0);
	CHECK_EQ(cl.stack_size, 2 * 1024 * 1024);
	CHECK_EQ(parse("amphi.stack=2m"), 0);
	CHECK_EQ(cl.stack_size, 2 * 1024 * 1024);
	CHECK_EQ(parse("amphi.stack=1G"), 0);          /* the maximum */
	CHECK_EQ(cl.stack_size, 1024ull * 1024 * 1024);
	CHECK_EQ(parse("amphi.stack=16K"), 0);         /* the minimum */
	CHECK_EQ(cl.stack_size, 16 * 1024);
	CHECK_EQ(parse("amphi.stack=65536"), 0);       /* plain bytes */
	CHECK_EQ(cl.stack_size, 65536);
	CHECK_EQ(parse("amphi.stack=1024k"), 0);
	CHECK_EQ(cl.stack_size, 1024 * 1024);

	/* Out of range, malformed, missing: all errors that quote the value. */
	static const char *const bad[] = {
		"15K", "16383", "0", "1025M", "2G", "1T", "512KB", "K", "", "-1", "+4M",
		"abc", "4 M", "0x1000", "99999999999999999999", "18446744073709551615K",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[128];
		snprintf(line, sizeof(line), "amphi.stack='%s'", bad[i]);
		int rc = parse(line);
		CHECK_EQ(rc, -1);
		if (rc != -1)
			fprintf(stderr, "  amphi.stack=%s was accepted as %llu\n", bad[i],
				(unsigned long long)cl.stack_size);
		CHECK(strstr(err, "amphi.stack") != NULL);
		char quoted[64];
		snprintf(quoted, sizeof(quoted), "'%s'", bad[i]);
		CHECK(strstr(err, quoted) != NULL);
	}
	CHECK_EQ(parse("amphi.stack"), -1);
	CHECK(strstr(err, "amphi.stack") != NULL);
}

static void test_unknown_option(void)
{
	CHECK_EQ(parse("amphi.foo"), -1);
	CHECK(strstr(err, "'amphi.foo'") != NULL);
	CHECK_EQ(parse("amphi.verbose amphi.foo=1 -- x"), -1);
	CHECK(strstr(err, "'amphi.foo'") != NULL);
	/* Case matters: amphi.Verbose is not amphi.verbose. */
	CHECK_EQ(parse("amphi.Verbose"), -1);
	CHECK(strstr(err, "'amphi.Verbose'") != NULL);

	/* A short err buffer still gets a NUL-terminated (cut) message. */
	snprintf(buf, sizeof(buf), "amphi.foo");
	char small[8];
	memset(small, 'x', sizeof(small));
	CHECK_EQ(cmdline_parse(buf, "app", &cl, small, sizeof(small)), -1);
	CHECK_EQ(strnlen(small, sizeof(small)), sizeof(small) - 1);
}

static void test_ignored_words(void)
{
	/* Words for someone else before "--" are dropped. */
	CHECK_EQ(parse("console=ttyS0 quiet root=/dev/vda amphi.verbose reboot=t -- a"), 0);
	CHECK_EQ(cl.verbose, 1);
	CHECK_EQ(cl.argc, 2);
	CHECK(str_is(cl.argv[1], "a"));
	CHECK(cl.argv[2] == NULL);
	CHECK_EQ(cl.envc, 0);
	CHECK(cl.envp[0] == NULL);

	/* QEMU appends virtio_mmio.device= after everything, even after "--". */
	CHECK_EQ(parse("virtio_mmio.device=512@0xfeb00e00:12 env.A=1 -- a b "
		       "virtio_mmio.device=512@0xfeb00c00:11 virtio_mmio.device=512@0xfeb00a00:10"),
		 0);
	CHECK_EQ(cl.argc, 3);
	CHECK(str_is(cl.argv[1], "a"));
	CHECK(str_is(cl.argv[2], "b"));
	CHECK(cl.argv[3] == NULL);
	CHECK_EQ(cl.envc, 1);
	CHECK(str_is(cl.envp[0], "A=1"));
	CHECK(cl.envp[1] == NULL);

	/* Only that exact prefix is dropped: virtio_mmio.devicex=1 is an app argument. */
	CHECK_EQ(parse("-- virtio_mmio.devicex=1"), 0);
	CHECK_EQ(cl.argc, 2);
	CHECK(str_is(cl.argv[1], "virtio_mmio.devicex=1"));
}

static void test_too_many_args(void)
{
	/* argv[0] plus CMDLINE_MAX_ARGS - 1 arguments fit; one more is an error. */
	char line[4096] = "--";
	size_t n = 2;
	for (int i = 1; i < CMDLINE_MAX_ARGS; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, " a%d", i);
	CHECK_EQ(parse(line), 0);
	CHECK_EQ(cl.argc, CMDLINE_MAX_ARGS);
	CHECK(str_is(cl.argv[1], "a1"));
	CHECK(str_is(cl.argv[CMDLINE_MAX_ARGS - 1], "a63"));
	CHECK(cl.argv[CMDLINE_MAX_ARGS] == NULL);
	/* virtio_mmio.device= words do not count. */
	snprintf(line + n, sizeof(line) - n, " virtio_mmio.device=1@2:3");
	CHECK_EQ(parse(line), 0);
	CHECK_EQ(cl.argc, CMDLINE_MAX_ARGS);
	snprintf(line + n, sizeof(line) - n, " one-more");
	CHECK_EQ(parse(line), -1);
	CHECK(strstr(err, "too many arguments") != NULL);
}

/* amphi.ip/gw/dns: static network configuration, validated. */
static void test_network(void)
{
	CHECK_EQ(parse("amphi.ip=10.0.2.15/24 amphi.gw=10.0.2.2 amphi.dns=10.0.2.3 -- x"), 0);
	CHECK_EQ(cl.ip, 0x0a00020f);
	CHECK_EQ(cl.prefix_len, 24);
	CHECK_EQ(cl.gw, 0x0a000202);
	CHECK_EQ(cl.dns, 0x0a000203);
	CHECK_EQ(cl.argc, 2);
	CHECK_EQ(parse(""), 0);
	CHECK_EQ(cl.ip, 0); /* DHCP */
	CHECK_EQ(parse("amphi.ip=255.255.255.255/32"), 0);
	CHECK_EQ(cl.ip, 0xffffffff);
	const char *bad[] = {
		"amphi.ip=10.0.2.15", "amphi.ip=10.0.2.15/", "amphi.ip=10.0.2.15/33",
		"amphi.ip=10.0.2.15/0", "amphi.ip=10.0.2/24", "amphi.ip=10.0.2.256/24",
		"amphi.ip=10.0.2.1.5/24", "amphi.ip=1000.0.2.1/24", "amphi.ip", "amphi.gw=",
		"amphi.gw=10.0.2", "amphi.gw=a.b.c.d", "amphi.dns=10.0.2.3x", "amphi.dns",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(parse(bad[i]), -1);
		CHECK(strstr(err, "amphi.") != NULL);
	}
	uint32_t a;
	CHECK_EQ(parse_ipv4("0.0.0.0", &a), 0);
	CHECK_EQ(a, 0);
	CHECK_EQ(parse_ipv4("1.2.3.4", &a), 0);
	CHECK_EQ(a, 0x01020304);
	CHECK_EQ(parse_ipv4("1.2.3.", &a), -1);
	CHECK_EQ(parse_ipv4(".1.2.3", &a), -1);
	CHECK_EQ(parse_ipv4("", &a), -1);
}

/* The bad-input boots of issue 18, at the parser: bytes outside printable
 * ASCII, env. without '=', "--" twice (the second is an argument, as
 * getopt has it), an unterminated quote as the very last byte. */
static void test_bad_input(void)
{
	CHECK_EQ(parse("-- caf\xc3\xa9"), -1);
	CHECK(strstr(err, "byte 0xc3 at offset 6 is not printable ASCII") != NULL);
	CHECK_EQ(parse("amphi.verbose\x01 -- x"), -1);
	CHECK(strstr(err, "byte 0x01 at offset 13") != NULL);
	CHECK_EQ(parse("-- a\x7f"), -1);
	CHECK_EQ(parse("-- a\tb\nc"), 0); /* tab and newline separate words */
	CHECK_EQ(cl.argc, 4);
	CHECK_EQ(parse("env.FOO -- x"), -1);
	CHECK(strstr(err, "'env.FOO' should look like env.NAME=VALUE") != NULL);
	CHECK_EQ(parse("-- a -- b"), 0);
	CHECK_EQ(cl.argc, 4);
	CHECK(str_is(cl.argv[2], "--"));
	CHECK(str_is(cl.argv[3], "b"));
	CHECK_EQ(parse("-- a '"), -1);
	CHECK(strstr(err, "unterminated quote") != NULL);
	CHECK_EQ(parse("-- a \""), -1);
	CHECK(strstr(err, "unterminated quote") != NULL);
}

int main(void)
{
	test_bad_input();
	test_network();
	test_empty();
	test_argv();
	test_quotes();
	test_env();
	test_flags();
	test_stack();
	test_unknown_option();
	test_ignored_words();
	test_too_many_args();
	return check_done();
}

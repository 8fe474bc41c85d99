#include "cmdline.h"

#include <string.h>

#include "printk.h"

#define DEFAULT_STACK (256 * 1024)
#define MIN_STACK (16 * 1024)
#define MAX_STACK (1024ull * 1024 * 1024)

/* Next word of *p, with quotes removed, NUL-terminated in place; NULL at the end. */
static char *next_word(char **p, int *unterminated)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s)
		return NULL;
	char *word = s, *out = s;
	char quote = 0;
	for (; *s; s++) {
		if (quote) {
			if (*s == quote)
				quote = 0;
			else
				*out++ = *s;
		} else if (*s == '\'' || *s == '"') {
			quote = *s;
		} else if (*s == ' ' || *s == '\t' || *s == '\n') {
			s++;
			break;
		} else {
			*out++ = *s;
		}
	}
	if (quote)
		*unterminated = 1;
	*p = s;
	*out = '\0';
	return word;
}

static int parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	uint64_t mul = 1;
	if (*s == 'k' || *s == 'K')
		mul = 1024, s++;
	else if (*s == 'm' || *s == 'M')
		mul = 1024 * 1024, s++;
	else if (*s == 'g' || *s == 'G')
		mul = 1024 * 1024 * 1024, s++;
	if (*s || (v && v > UINT64_MAX / mul))
		return -1;
	*out = v * mul;
	return 0;
}

static int amphi_option(char *opt, struct cmdline *cl, char *err, size_t errlen)
{
	char *val = strchr(opt, '=');
	if (val)
		*val++ = '\0';
	int *flag = !strcmp(opt, "bootstats") ? &cl->bootstats
		    : !strcmp(opt, "verbose") ? &cl->verbose
		    : !strcmp(opt, "probe")   ? &cl->probe
		    : !strcmp(opt, "memwatch") ? &cl->memwatch
					      : NULL;
	if (flag) {
		if (val && strcmp(val, "1") && strcmp(val, "0")) {
			ksnprintf(err, errlen, "amphi.%s takes no value or 0/1, not '%s'", opt, val);
			return -1;
		}
		*flag = !val || !strcmp(val, "1");
		return 0;
	}
	if (!strcmp(opt, "stack")) {
		uint64_t size;
		if (!val || parse_size(val, &size) < 0 || size < MIN_STACK || size > MAX_STACK) {
			ksnprintf(err, errlen,
				  "amphi.stack needs a size from 16K to 1G (like amphi.stack=512K), not '%s'",
				  val ? val : "");
			return -1;
		}
		cl->stack_size = size;
		return 0;
	}
	if (!strcmp(opt, "ip")) {
		char *slash = val ? strchr(val, '/') : NULL;
		uint64_t len = 0;
		if (slash)
			*slash = '\0';
		if (!slash || parse_ipv4(val, &cl->ip) < 0 || parse_size(slash + 1, &len) < 0 ||
		    len < 1 || len > 32) {
			ksnprintf(err, errlen, "amphi.ip needs ADDRESS/PREFIX (like amphi.ip=10.0.2.15/24)");
			return -1;
		}
		cl->prefix_len = (unsigned)len;
		return 0;
	}
	uint32_t *addr = !strcmp(opt, "gw") ? &cl->gw : !strcmp(opt, "dns") ? &cl->dns : NULL;
	if (addr) {
		if (!val || parse_ipv4(val, addr) < 0) {
			ksnprintf(err, errlen, "amphi.%s needs an IPv4 address (like amphi.%s=10.0.2.2), not '%s'",
				  opt, opt, val ? val : "");
			return -1;
		}
		return 0;
	}
	ksnprintf(err, errlen,
		  "unknown option 'amphi.%s' (known: amphi.bootstats, amphi.verbose, amphi.memwatch, amphi.stack=SIZE, "
		  "amphi.ip=A.B.C.D/N, amphi.gw=A.B.C.D, amphi.dns=A.B.C.D, amphi.probe)",
		  opt);
	return -1;
}

int parse_ipv4(const char *s, uint32_t *out)
{
	uint32_t addr = 0;
	for (int part = 0; part < 4; part++) {
		if (part && *s++ != '.')
			return -1;
		if (*s < '0' || *s > '9')
			return -1;
		unsigned v = 0;
		for (int digits = 0; *s >= '0' && *s <= '9'; s++) {
			if (++digits > 3)
				return -1;
			v = v * 10 + (unsigned)(*s - '0');
		}
		if (v > 255)
			return -1;
		addr = addr << 8 | v;
	}
	if (*s)
		return -1;
	*out = addr;
	return 0;
}

int cmdline_parse(char *buf, const char *argv0, struct cmdline *cl, char *err, size_t errlen)
{
	memset(cl, 0, sizeof(*cl));
	cl->stack_size = DEFAULT_STACK;
	cl->argv[cl->argc++] = (char *)argv0;
	/* ASCII only: every loader hands over bytes, and a byte outside ASCII
	 * would reach argv with a meaning nobody agreed on (UEFI's UCS-2, Xen's
	 * and QEMU's raw bytes). */
	for (const char *c = buf; *c; c++) {
		unsigned char b = (unsigned char)*c;
		if ((b < 0x20 && b != '\t' && b != '\n') || b >= 0x7f) {
			ksnprintf(err, errlen, "byte 0x%02x at offset %u is not printable ASCII", b,
				  (unsigned)(c - buf));
			return -1;
		}
	}
	int app_args = 0, unterminated = 0;
	char *p = buf, *w;
	while ((w = next_word(&p, &unterminated))) {
		if (unterminated) {
			ksnprintf(err, errlen, "unterminated quote in the command line at '%s'", w);
			return -1;
		}
		if (!strncmp(w, "virtio_mmio.device=", 19))
			continue; /* for the virtio-mmio driver, wherever QEMU put it */
		if (app_args) {
			if (cl->argc >= CMDLINE_MAX_ARGS) {
				ksnprintf(err, errlen, "too many arguments (at most %d)", CMDLINE_MAX_ARGS - 1);
				return -1;
			}
			cl->argv[cl->argc++] = w;
		} else if (!strcmp(w, "--")) {
			app_args = 1;
		} else if (!strncmp(w, "amphi.", 6)) {
			if (amphi_option(w + 6, cl, err, errlen) < 0)
				return -1;
		} else if (!strncmp(w, "env.", 4)) {
			char *eq = strchr(w + 4, '=');
			if (!eq || eq == w + 4) {
				ksnprintf(err, errlen, "'%s' should look like env.NAME=VALUE", w);
				return -1;
			}
			if (cl->envc >= CMDLINE_MAX_ENV) {
				ksnprintf(err, errlen, "too many env. entries (at most %d)", CMDLINE_MAX_ENV);
				return -1;
			}
			cl->envp[cl->envc++] = w + 4;
		}
	}
	cl->argv[cl->argc] = NULL;
	cl->envp[cl->envc] = NULL;
	return 0;
}

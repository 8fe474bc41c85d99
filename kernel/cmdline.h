/*
 * The boot command line:  [amphi.OPT[=VAL] | env.NAME=VALUE | other]... [-- ARG...]
 * amphi.* options configure the kernel (an unknown one is an error), env.*
 * entries become the app's environ, words after "--" its argv[1..]. Other
 * words before "--" belong to someone else (a bootloader, QEMU) and are
 * ignored, as are the virtio_mmio.device= words QEMU appends even after "--".
 * Single or double quotes group words: -- 'a b' "c d".
 */
#ifndef AMPHI_CMDLINE_H
#define AMPHI_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

#define CMDLINE_MAX_ARGS 64
#define CMDLINE_MAX_ENV 64

struct cmdline {
	int argc;
	char *argv[CMDLINE_MAX_ARGS + 1];
	int envc;
	char *envp[CMDLINE_MAX_ENV + 1];
	/* amphi.* options */
	int bootstats;       /* amphi.bootstats: print boot timing before main */
	int verbose;         /* amphi.verbose: print the memory map and platform */
	int probe;           /* amphi.probe: exit 0 before main (accelerator probe) */
	int memwatch;        /* amphi.memwatch: print the memory high-water mark as it rises */
	uint64_t stack_size; /* amphi.stack=SIZE[K|M]: main thread stack */
	/* Static IPv4 configuration (DHCP when ip is 0). Addresses are in host
	 * byte order: 10.0.2.15 is 0x0a00020f. */
	uint32_t ip, gw, dns;  /* amphi.ip=A.B.C.D/N amphi.gw=A.B.C.D amphi.dns=A.B.C.D */
	unsigned prefix_len;   /* the /N of amphi.ip */
};

/* Parse a dotted-quad IPv4 address ("10.0.2.15"); 0 or -1. */
int parse_ipv4(const char *s, uint32_t *out);

/* Parse buf in place (the strings in cl point into it). argv0 becomes
 * argv[0]. Returns 0, or -1 with a message for the user in err. */
int cmdline_parse(char *buf, const char *argv0, struct cmdline *cl, char *err, size_t errlen);

#endif

/* UNIT_SOURCES: kernel/printk.c */
/* Host test of ksnprintf. Where the kernel's format means what C's does, the
 * output is compared with the host's vsnprintf at every buffer size from 0 to
 * one past the full length (same bytes written, nothing past the size, same
 * return value). Kernel-specific behaviour is checked against literals. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "kernel/printk.h"
#include "platform/platform.h"

/* printk.c writes to the console through this; NULL drops the output. */
const struct platform *platform;

#define BUF 256

/* A NULL string the compiler cannot see (it warns on a literal NULL for %s). */
static const char *volatile null_str;

/* ksnprintf and the host's vsnprintf agree on fmt at every size. */
static void same_at(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void same_at(int line, const char *fmt, ...)
{
	char kb[BUF], hb[BUF];
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	int full = vsnprintf(hb, sizeof(hb), fmt, aq);
	va_end(aq);
	int bad = 0;
	for (int size = 0; size <= full + 1 && size <= BUF && !bad; size++) {
		memset(kb, 'Z', sizeof(kb));
		memset(hb, 'Z', sizeof(hb));
		va_copy(aq, ap);
		int kn = kvsnprintf(kb, (size_t)size, fmt, aq);
		va_end(aq);
		va_copy(aq, ap);
		int hn = vsnprintf(hb, (size_t)size, fmt, aq);
		va_end(aq);
		if (kn != hn || memcmp(kb, hb, sizeof(kb))) {
			bad = 1;
			fprintf(stderr, "line %d: format \"%s\", size %d: kernel \"%.*s\" (%d), host \"%.*s\" (%d)\n",
				line, fmt, size, size ? size : 1, size ? kb : "", kn, size ? size : 1,
				size ? hb : "", hn);
		}
	}
	va_end(ap);
	CHECK(!bad);
}
#define SAME(...) same_at(__LINE__, __VA_ARGS__)

/* ksnprintf into a big buffer gives exactly want, and returns its length. */
static char out[BUF];
#define GIVES(want, ...)                                                  \
	do {                                                              \
		int n_ = ksnprintf(out, sizeof(out), __VA_ARGS__);        \
		CHECK(!strcmp(out, want));                                \
		CHECK_EQ(n_, (int)strlen(want));                         \
		if (strcmp(out, want))                                    \
			fprintf(stderr, "  got \"%s\", want \"%s\"\n", out, want); \
	} while (0)

/* No format attribute: lets us pass formats the compiler would reject. */
static int kfmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_integers(void)
{
	SAME("%d", 0);
	SAME("%d|%d|%i", 42, -42, -7);
	SAME("%d %d", INT_MAX, INT_MIN);
	SAME("%ld %ld", LONG_MAX, LONG_MIN);
	SAME("%lld %lld", LLONG_MAX, LLONG_MIN);
	SAME("%li", -1234567890123L);
	SAME("%u %u %u", 0u, 1u, UINT_MAX);
	SAME("%lu %llu", ULONG_MAX, ULLONG_MAX);
	SAME("%zu %zu", (size_t)0, SIZE_MAX);
	SAME("%zx", (size_t)0xabcdef);
	/* An int argument is an int: -1 as %u is UINT_MAX, not ULONG_MAX. */
	SAME("%u %x", -1, -1);
}

static void test_hex(void)
{
	SAME("%x %X", 0xdeadbeefu, 0xdeadbeefu);
	SAME("%x", 0u);
	SAME("%#x %#lx", 255u, 0x1234UL);
	SAME("%lx %lX", ~0UL, 0xfedcba9876543210UL);
	SAME("%016lx %08lx", 0xabcUL, 0x12345678UL);
	SAME("%#010x|%#-10x|%#10x", 0xbeefu, 0xbeefu, 0xbeefu);
	SAME("%#lx", 0x8000000000000000UL);
}

static void test_pointers(void)
{
	int x;
	SAME("%p", (void *)0x1234);
	SAME("%p", (void *)&x);
	SAME("%p", (void *)UINTPTR_MAX);
	SAME("[%20p] [%-20p]", (void *)0xdead, (void *)0xdead);
}

static void test_strings_chars(void)
{
	SAME("%s", "hello");
	SAME("%s|%s", "", "x");
	SAME("%c%c%c", 'a', 'b', 'c');
	SAME("%c", 0xff); /* converted to unsigned char, as in C */
	SAME("100%% %%d");
	SAME("%10s|%-10s|%2s", "abc", "abc", "abcdef");
	/* NULL prints as "(null)" (glibc agrees, but that is not C). */
	GIVES("(null)", "%s", null_str);
	GIVES("[  (null)]", "[%8s]", null_str);
	/* A NUL from %c is output and counted. */
	memset(out, 'Z', sizeof(out));
	CHECK_EQ(ksnprintf(out, sizeof(out), "a%cb", 0), 3);
	CHECK(out[0] == 'a' && out[1] == '\0' && out[2] == 'b' && out[3] == '\0');
}

static void test_width_padding(void)
{
	SAME("[%5d] [%-5d] [%05d]", 42, 42, 42);
	SAME("[%5d] [%-5d] [%05d]", -42, -42, -42);
	SAME("[%3d] [%03d] [%-3d]", 12345, -12345, 12345);
	SAME("[%1d] [%01d]", 0, 0);
	SAME("[%8x] [%-8x] [%08X]", 0xabcu, 0xabcu, 0xabcu);
	SAME("[%20ld] [%-20ld] [%020ld]", LONG_MIN, LONG_MIN, LONG_MIN);
	SAME("[%12lu] [%012zu]", 123UL, (size_t)456);
	SAME("%40d|", 1); /* a wide field */
	/* '-' wins over '0' (C says so too; gcc warns on it, so no host compare). */
	CHECK_EQ(kfmt(out, sizeof(out), "[%-05d]", 42), 7);
	CHECK(!strcmp(out, "[42   ]"));
	CHECK_EQ(kfmt(out, sizeof(out), "[%0-5d]", -4), 7);
	CHECK(!strcmp(out, "[-4   ]"));
}

static void test_mixed(void)
{
	SAME("pa %#lx-%#lx %s (%d KiB)%c", 0x100000UL, 0x7fffffffUL, "RAM", 2096128, '\n');
	SAME("amphi:   mem %016lx-%016lx %s", 0x9fc00UL, 0x100000UL, "reserved");
	SAME("unknown option 'amphi.%s' (known: ...)", "foo");
}

/* The buffer contract: NUL-terminated whenever size > 0, never written past
 * size, and the return value is the length the full output would have. */
static void test_truncation(void)
{
	char b[16];
	memset(b, 'Z', sizeof(b));
	CHECK_EQ(ksnprintf(b, 5, "hello world"), 11);
	CHECK(!memcmp(b, "hell\0ZZZ", 8));
	memset(b, 'Z', sizeof(b));
	CHECK_EQ(ksnprintf(b, 4, "%d", -12345), 6);
	CHECK(!memcmp(b, "-12\0ZZ", 6));
	/* Exactly fitting, and one byte short. */
	memset(b, 'Z', sizeof(b));
	CHECK_EQ(ksnprintf(b, 6, "%s", "abcde"), 5);
	CHECK(!memcmp(b, "abcde\0Z", 7));
	memset(b, 'Z', sizeof(b));
	CHECK_EQ(ksnprintf(b, 5, "%s", "abcde"), 5);
	CHECK(!memcmp(b, "abcd\0Z", 6));
	/* Size 1: just the NUL. Size 0: nothing written, not even through NULL. */
	memset(b, 'Z', sizeof(b));
	CHECK_EQ(ksnprintf(b, 1, "%lx", 0xffffUL), 4);
	CHECK(!memcmp(b, "\0Z", 2));
	memset(b, 'Z', sizeof(b));
	CHECK_EQ(ksnprintf(b, 0, "%s %d", "abc", 12), 6);
	CHECK(b[0] == 'Z');
	CHECK_EQ(ksnprintf(NULL, 0, "%08x", 1u), 8);
	/* Empty format. */
	memset(b, 'Z', sizeof(b));
	CHECK_EQ(kfmt(b, sizeof(b), ""), 0);
	CHECK(b[0] == '\0' && b[1] == 'Z');
}

/* Formats C leaves undefined must still stay inside the format string and
 * the buffer (ASan watches): a '%' at the very end, unknown conversions. */
static void test_odd_formats(void)
{
	static const char trail[] = "50%"; /* exact-size array: a read past it is caught */
	CHECK_EQ(kfmt(out, sizeof(out), trail), 2);
	CHECK(!strcmp(out, "50"));
	static const char trail_w[] = "x%08";
	CHECK_EQ(kfmt(out, sizeof(out), trail_w), 1);
	CHECK(!strcmp(out, "x"));
	static const char trail_l[] = "y%-#lz";
	CHECK_EQ(kfmt(out, sizeof(out), trail_l), 1);
	CHECK(!strcmp(out, "y"));
	/* An unknown conversion is shown as is, and takes no argument. */
	CHECK_EQ(kfmt(out, sizeof(out), "%q%d", 5), 3);
	CHECK(!strcmp(out, "%q5"));
}

int main(void)
{
	test_integers();
	test_hex();
	test_pointers();
	test_strings_chars();
	test_width_padding();
	test_mixed();
	test_truncation();
	test_odd_formats();
	return check_done();
}

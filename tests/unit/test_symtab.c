/* UNIT_SOURCES: kernel/symtab.c */
/* Host test of symtab_lookup on hand-built tables shaped like the one
 * tools/mksyms embeds: ascending addresses, sizes (0 = unknown), and name
 * offsets into one string blob. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "kernel/symtab.h"

static const char strings[] = "alpha\0beta\0label\0gamma\0tail";
/*                             0      6     11     17     23 */
static const uint64_t addrs[] = { 0x1000, 0x1100, 0x1200, 0x1300, 0x1400 };
static const uint32_t sizes[] = { 0x80, 0x100, 0, 0x10, 0 };
static const uint32_t names[] = { 0, 6, 11, 17, 23 };
/* alpha [0x1000,0x1080) - gap - beta [0x1100,0x1200) - label (unsized, up to
 * gamma) - gamma [0x1300,0x1310) - gap - tail (unsized, last: only itself) */
static const struct symtab tab = { 5, addrs, sizes, names, strings };

/* The name found for addr (or NULL); *off gets the offset, or stays ~0. */
static const char *look(const struct symtab *t, uint64_t addr, uint64_t *off)
{
	*off = ~0ull;
	return symtab_lookup(t, addr, off);
}

static int name_is(const char *got, const char *want) { return got && !strcmp(got, want); }

static void test_sized(void)
{
	uint64_t off;
	CHECK(name_is(look(&tab, 0x1000, &off), "alpha")); /* exact start */
	CHECK_EQ(off, 0);
	CHECK(name_is(look(&tab, 0x1042, &off), "alpha")); /* inside */
	CHECK_EQ(off, 0x42);
	CHECK(name_is(look(&tab, 0x107f, &off), "alpha")); /* last byte */
	CHECK_EQ(off, 0x7f);
	CHECK(look(&tab, 0x1080, &off) == NULL);            /* just past the end */
	CHECK_EQ(off, ~0ull);                               /* untouched on failure */
	CHECK(look(&tab, 0x10ff, &off) == NULL);            /* in the gap */
	CHECK(name_is(look(&tab, 0x1100, &off), "beta"));
	CHECK_EQ(off, 0);
	CHECK(name_is(look(&tab, 0x11ff, &off), "beta"));   /* ends where label starts */
	CHECK_EQ(off, 0xff);
	CHECK(name_is(look(&tab, 0x130f, &off), "gamma"));
	CHECK_EQ(off, 0xf);
	CHECK(look(&tab, 0x1310, &off) == NULL);
	CHECK(look(&tab, 0x13ff, &off) == NULL);
}

static void test_outside(void)
{
	uint64_t off;
	CHECK(look(&tab, 0, &off) == NULL);
	CHECK(look(&tab, 0xfff, &off) == NULL);             /* before the first symbol */
	CHECK(look(&tab, ~0ull, &off) == NULL);
	CHECK_EQ(off, ~0ull);
}

static void test_unsized(void)
{
	uint64_t off;
	/* An unsized symbol covers everything up to the next one. */
	CHECK(name_is(look(&tab, 0x1200, &off), "label"));
	CHECK_EQ(off, 0);
	CHECK(name_is(look(&tab, 0x1234, &off), "label"));
	CHECK_EQ(off, 0x34);
	CHECK(name_is(look(&tab, 0x12ff, &off), "label"));
	CHECK_EQ(off, 0xff);
	/* ...but the last one, having no next, only itself. */
	CHECK(name_is(look(&tab, 0x1400, &off), "tail"));
	CHECK_EQ(off, 0);
	CHECK(look(&tab, 0x1401, &off) == NULL);
	CHECK(look(&tab, 0x100000, &off) == NULL);
	/* A NULL offset pointer is allowed. */
	CHECK(name_is(symtab_lookup(&tab, 0x1234, NULL), "label"));
}

static void test_small_tables(void)
{
	uint64_t off;
	/* Empty: nothing is found, and the arrays are not touched. */
	static const struct symtab empty = { 0, NULL, NULL, NULL, "" };
	CHECK(look(&empty, 0, &off) == NULL);
	CHECK(look(&empty, 0x1000, &off) == NULL);
	CHECK_EQ(off, ~0ull);

	/* One sized symbol. */
	static const uint64_t a1[] = { 0x2000 };
	static const uint32_t s1[] = { 8 }, n1[] = { 0 };
	static const struct symtab one = { 1, a1, s1, n1, "only" };
	CHECK(look(&one, 0x1fff, &off) == NULL);
	CHECK(name_is(look(&one, 0x2000, &off), "only"));
	CHECK(name_is(look(&one, 0x2007, &off), "only"));
	CHECK_EQ(off, 7);
	CHECK(look(&one, 0x2008, &off) == NULL);
}

/* Against a linear scan over a bigger table, at and around every boundary,
 * so every branch of the binary search is taken. */
static void test_against_linear(void)
{
	enum { N = 97 };
	static uint64_t a[N];
	static uint32_t s[N], nm[N];
	static char str[N * 8];
	size_t pos = 0;
	for (int i = 0; i < N; i++) {
		a[i] = 0x400000 + (uint64_t)i * 0x100 + (uint64_t)(i % 7) * 0x10;
		s[i] = (i % 5 == 0) ? 0 : (uint32_t)(0x20 + (i % 3) * 0x30); /* some unsized */
		nm[i] = (uint32_t)pos;
		pos += (size_t)sprintf(str + pos, "f%d", i) + 1;
	}
	const struct symtab t = { N, a, s, nm, str };
	int mismatches = 0;
	for (uint64_t addr = a[0] - 0x20; addr < a[N - 1] + 0x200; addr += 4) {
		/* The model: the last symbol starting at or below addr, if addr is
		 * inside its size, or before the next symbol when unsized. */
		const char *want = NULL;
		uint64_t want_off = 0;
		for (int i = N - 1; i >= 0; i--) {
			if (a[i] > addr)
				continue;
			uint64_t o = addr - a[i];
			int in = s[i] ? o < s[i] : (i + 1 < N ? addr < a[i + 1] : o == 0);
			if (in) {
				want = str + nm[i];
				want_off = o;
			}
			break;
		}
		uint64_t off;
		const char *got = look(&t, addr, &off);
		if (got != want || (want && off != want_off))
			mismatches++;
	}
	CHECK_EQ(mismatches, 0);
}

int main(void)
{
	test_sized();
	test_outside();
	test_unsized();
	test_small_tables();
	test_against_linear();
	return check_done();
}

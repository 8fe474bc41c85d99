/* Xen guest test of the xenstore client and the grant table: reads what the
 * toolstack wrote for us, writes and reads back under data/, lists a
 * directory, counts in a transaction, sees a watch fire, gets clean errors
 * for a missing node and a too-small buffer, and grants and revokes a page
 * (its reference is reused). Prints "xenstore: all ok" when everything held.
 * Not on Xen: prints "xenstore: not on Xen" and exits 2. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/xen/xenstore.h"
#include "kernel/thread.h"
#include "platform/xen/gnttab.h"

static int failures;
#define EXPECT(cond, ...)                                  \
	do {                                                   \
		if (!(cond)) {                                     \
			failures++;                                    \
			printf("FAIL %s:%d: ", __func__, __LINE__);    \
			printf(__VA_ARGS__);                           \
			printf("\n");                                  \
		}                                                  \
	} while (0)

static int bump(uint32_t tx, void *arg)
{
	char v[16];
	int n = xs_read(tx, "data/amphi-count", v, sizeof(v));
	int count = n > 0 ? atoi(v) : 0;
	*(int *)arg = count + 1;
	snprintf(v, sizeof(v), "%d", count + 1);
	return xs_write(tx, "data/amphi-count", v);
}

static unsigned char page[4096] __attribute__((aligned(4096)));

int main(void)
{
	char buf[512];
	int n = xs_read(0, "name", buf, sizeof(buf));
	if (n == -ENODEV) {
		printf("xenstore: not on Xen\n");
		return 2;
	}
	EXPECT(n > 0, "read name: %d", n);
	printf("xenstore: name=%s\n", n > 0 ? buf : "?");
	n = xs_read(0, "domid", buf, sizeof(buf));
	EXPECT(n > 0, "read domid: %d", n);
	printf("xenstore: domid=%s\n", n > 0 ? buf : "?");

	EXPECT(xs_write(0, "data/amphi", "hello there") == 0, "write");
	n = xs_read(0, "data/amphi", buf, sizeof(buf));
	EXPECT(n == 11 && !strcmp(buf, "hello there"), "read back: %d '%s'", n, buf);

	const char *names[16];
	n = xs_directory(0, "data", buf, sizeof(buf), names, 16);
	int found = 0;
	for (int i = 0; i < n && i < 16; i++)
		found |= !strcmp(names[i], "amphi");
	EXPECT(n >= 1 && found, "directory data: %d entries, amphi %sfound", n, found ? "" : "not ");

	EXPECT(xs_read(0, "data/no-such-node", buf, sizeof(buf)) == -ENOENT, "missing node");
	EXPECT(xs_read(0, "data/amphi", buf, 4) == -E2BIG, "small buffer");

	int count = 0;
	EXPECT(xs_transaction(bump, &count) == 0, "transaction");
	EXPECT(xs_transaction(bump, &count) == 0, "second transaction");
	n = xs_read(0, "data/amphi-count", buf, sizeof(buf));
	EXPECT(n > 0 && atoi(buf) == 2 && count == 2, "count after two transactions: %s", buf);

	struct xs_watch w;
	EXPECT(xs_watch_add(&w, "data/amphi") == 0, "watch");
	uint64_t deadline = time_now_ns() + 5000000000ull;
	EXPECT(xs_watch_wait(&w, deadline) == 0, "initial watch event");
	EXPECT(xs_write(0, "data/amphi", "changed") == 0, "write watched");
	EXPECT(xs_watch_wait(&w, time_now_ns() + 5000000000ull) == 0, "watch event after write");
	EXPECT(xs_watch_remove(&w) == 0, "unwatch");
	printf("xenstore: watch fired\n");

	int ref = gnttab_grant(0, (uintptr_t)page, 1);
	EXPECT(ref >= 8, "grant: %d", ref);
	EXPECT(gnttab_end((uint32_t)ref) == 0, "end grant");
	EXPECT(gnttab_end((uint32_t)ref) == -EINVAL, "end twice");
	int again = gnttab_grant(0, (uintptr_t)page, 0);
	EXPECT(again == ref, "reference reused: %d then %d", ref, again);
	EXPECT(gnttab_end((uint32_t)again) == 0, "end again");
	printf("xenstore: grant ref %d\n", ref);

	printf(failures ? "xenstore: FAILED\n" : "xenstore: all ok\n");
	return failures ? 1 : 0;
}

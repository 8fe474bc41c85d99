/*
 * mmap, munmap, mprotect, madvise as on Linux. With a number N (256
 * without arguments): every check, then N MiB of anonymous memory mapped
 * in 1 MiB pieces, written, checked and unmapped, twice (the free pages
 * back where they were), then "mmap: all ok". With "fault": a page made
 * read-only is written, which must panic naming write_after_protect.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statvfs.h>
#include <unistd.h>

static int failed;
#define CHECK(cond)                                                                       \
	do {                                                                              \
		if (!(cond)) {                                                            \
			printf("FAIL %d: %s (errno %d)\n", __LINE__, #cond, errno);       \
			failed++;                                                         \
		}                                                                         \
	} while (0)

/* free pages: the root file system counts every page of the machine */
static unsigned long free_pages(void)
{
	struct statvfs sv;
	return statvfs("/", &sv) == 0 ? (unsigned long)sv.f_bfree : 0;
}

__attribute__((noinline)) static void write_after_protect(volatile char *p) { p[100] = 1; }

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "fault")) {
		char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		p[100] = 0;
		mprotect(p, 4096, PROT_READ);
		printf("mmap: writing a read-only page\n");
		write_after_protect(p);
		printf("FAIL: the write went through\n");
		return 1;
	}

	/* argument errors */
	errno = 0;
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, 4096, PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == EACCES);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED && errno == EBADF);

	/* anonymous memory is zeroed, page-aligned, and can be cut in pieces */
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED && (uintptr_t)p % 4096 == 0);
	int zero = 1;
	for (int i = 0; i < 3 * 4096; i++)
		zero &= p[i] == 0;
	CHECK(zero);
	memset(p, 0x5a, 3 * 4096);
	CHECK(munmap(p + 4096, 4096) == 0); /* a hole in the middle */
	CHECK(p[0] == 0x5a && p[2 * 4096] == 0x5a);
	CHECK(mprotect(p + 4096, 4096, PROT_READ) == -1 && errno == ENOMEM);
	CHECK(mprotect(p, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) == -1 && errno == EACCES);
	CHECK(mprotect(p + 1, 4096, PROT_READ) == -1 && errno == EINVAL);
	CHECK(madvise(p, 4096, MADV_DONTNEED) == 0 && p[0] == 0);
	CHECK(munmap(p + 1, 4096) == -1 && errno == EINVAL);
	char *q = mmap(p + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + 4096 && q[0] == 0);
	CHECK(munmap(p, 3 * 4096) == 0);

	/* PROT_NONE reserves; making it accessible gives zeroed pages */
	char *r = mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(r != MAP_FAILED);
	CHECK(mprotect(r, 8192, PROT_READ | PROT_WRITE) == 0 && r[8191] == 0);
	r[0] = 1;
	CHECK(munmap(r, 8192) == 0);

	/* a private copy of a file */
	int fd = open("/tmp/m", O_RDWR | O_CREAT, 0600);
	CHECK(write(fd, "mapped file", 11) == 11);
	char *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED && !memcmp(m, "mapped file", 11) && m[11] == 0 && m[4095] == 0);
	CHECK(munmap(m, 4096) == 0);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED && errno == ENODEV);
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == ENODEV);
	close(fd);

	/* 256 MiB in 1 MiB pieces, twice: written, checked, unmapped. Every data
	 * page comes back; the page tables of the area (one page per 2 MiB) stay
	 * for the next mappings, so the second round costs nothing more. */
	enum { PIECE = 1 << 20 };
	int PIECES = argc > 1 ? atoi(argv[1]) : 256;
	if (PIECES < 1 || PIECES > 1024)
		PIECES = 256;
	static char *piece[1024];
	unsigned long before = free_pages(), during = 0, after[2] = { 0, 0 };
	int good = 1;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < PIECES; i++) {
			piece[i] = mmap(NULL, PIECE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (piece[i] == MAP_FAILED) {
				printf("FAIL: piece %d: errno %d\n", i, errno);
				failed++;
				break;
			}
			memset(piece[i], i + round, PIECE);
		}
		during = free_pages();
		for (int i = 0; i < PIECES && piece[i] != MAP_FAILED; i++) {
			good &= piece[i][0] == (char)(i + round) && piece[i][PIECE - 1] == (char)(i + round);
			CHECK(munmap(piece[i], PIECE) == 0);
		}
		after[round] = free_pages();
	}
	printf("mmap: %d MiB in 1 MiB pieces %s; free pages %lu, mapped %lu, unmapped %lu, "
	       "again %lu\n", PIECES, good ? "intact" : "CORRUPT", before, during, after[0], after[1]);
	CHECK(good);
	CHECK(before - during >= (unsigned long)PIECES * 256);
	CHECK(before - after[0] <= (unsigned long)PIECES / 2 + 2); /* the area's page tables */
	CHECK(after[1] == after[0]);

	printf(failed ? "mmap: %d failed\n" : "mmap: all ok\n", failed);
	return failed ? 1 : 0;
}

/*
 * The POSIX file API on Amphi's root file system, each call with its
 * expected result and each error with the errno Linux gives. Prints
 * "FAIL <line>: <what>" for every check that does not hold and ends with
 * "files: all ok" (or "files: N failed"). With the argument "big" it also
 * writes a 64 MiB file, reads it back through a checksum, and shows that
 * removing it gives every page back.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <unistd.h>

static int failed;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			printf("FAIL %d: %s (errno %d %s)\n", __LINE__, #cond, errno, \
			       strerror(errno));                             \
			failed++;                                            \
		}                                                            \
	} while (0)

/* call fails with err */
#define FAILS(call, err)                                                     \
	do {                                                                 \
		errno = 0;                                                   \
		long r_ = (long)(call);                                      \
		if (r_ != -1 || errno != (err)) {                            \
			printf("FAIL %d: %s gave %ld errno %d (%s), expected %s\n", __LINE__, #call, \
			       r_, errno, strerror(errno), #err);            \
			failed++;                                            \
		}                                                            \
	} while (0)

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	CHECK(close(fd) == 0);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The sorted names of dir (without . and ..), joined by spaces. */
static void listing(const char *dir, char *out, size_t len)
{
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	char *names[64];
	int n = 0, dots = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) && n < 64) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			dots++;
			continue;
		}
		names[n++] = strdup(e->d_name);
	}
	CHECK(dots == 2);
	if (d)
		CHECK(closedir(d) == 0);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	out[0] = 0;
	for (int i = 0; i < n; i++) {
		snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? " " : "", names[i]);
		free(names[i]);
	}
}

static void test_basics(void)
{
	char buf[256];
	CHECK(mkdir("/t", 0755) == 0);
	CHECK(chdir("/t") == 0);
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, "/t"));
	put("a", "hello");
	int fd = open("a", O_RDWR);
	CHECK(fd >= 0);
	CHECK(read(fd, buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5));
	CHECK(read(fd, buf, sizeof(buf)) == 0);
	CHECK(lseek(fd, 1, SEEK_SET) == 1);
	CHECK(write(fd, "EL", 2) == 2);
	CHECK(pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "hELlo", 5));
	CHECK(pwrite(fd, "!", 1, 9) == 1);
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && st.st_size == 10 && S_ISREG(st.st_mode) && st.st_nlink == 1);
	CHECK(pread(fd, buf, 10, 0) == 10 && !memcmp(buf, "hELlo\0\0\0\0!", 10));
	CHECK(lseek(fd, 0, SEEK_END) == 10);
	CHECK(lseek(fd, -3, SEEK_CUR) == 7);
	FAILS(lseek(fd, -100, SEEK_CUR), EINVAL);
	CHECK(ftruncate(fd, 3) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 3);
	CHECK(close(fd) == 0);
	FAILS(close(fd), EBADF);
	FAILS(read(fd, buf, 1), EBADF);

	/* open's flags */
	FAILS(open("a", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	FAILS(open("missing", O_RDONLY), ENOENT);
	FAILS(open("a/x", O_RDONLY), ENOTDIR);
	FAILS(open("/t", O_WRONLY), EISDIR);
	FAILS(open("a", O_RDONLY | O_DIRECTORY), ENOTDIR);
	fd = open("a", O_WRONLY | O_APPEND);
	CHECK(write(fd, "++", 2) == 2);
	CHECK(lseek(fd, 0, SEEK_CUR) == 5);
	FAILS(read(fd, buf, 1), EBADF);
	close(fd);
	fd = open("a", O_RDONLY);
	FAILS(write(fd, "x", 1), EBADF);
	FAILS(ftruncate(fd, 0), EBADF);
	close(fd);
	fd = open("a", O_RDWR | O_TRUNC);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
	close(fd);

	/* stat and lstat, access, modes and the umask */
	CHECK(symlink("a", "link") == 0);
	CHECK(lstat("link", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 1);
	CHECK(stat("link", &st) == 0 && S_ISREG(st.st_mode));
	FAILS(open("link", O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK(readlink("link", buf, sizeof(buf)) == 1 && buf[0] == 'a');
	FAILS(readlink("a", buf, sizeof(buf)), EINVAL);
	CHECK(access("a", R_OK | W_OK) == 0);
	FAILS(access("a", X_OK), EACCES);
	FAILS(access("missing", F_OK), ENOENT);
	CHECK(chmod("a", 0751) == 0);
	CHECK(stat("a", &st) == 0 && (st.st_mode & 07777) == 0751);
	CHECK(access("a", X_OK) == 0);
	mode_t old = umask(077);
	CHECK(old == 022);
	put("private", "p");
	CHECK(stat("private", &st) == 0 && (st.st_mode & 0777) == 0600);
	umask(old);
	CHECK(chown("a", 1000, 1000) == 0);
	CHECK(stat("a", &st) == 0 && st.st_uid == 1000 && st.st_gid == 1000);

	/* times are stored */
	struct timeval tv[2] = { { 1000000000, 0 }, { 1200000000, 500000 } };
	CHECK(utimes("a", tv) == 0);
	CHECK(stat("a", &st) == 0 && st.st_atim.tv_sec == 1000000000 &&
	      st.st_mtim.tv_sec == 1200000000 && st.st_mtim.tv_nsec == 500000000);
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 5, 0 } };
	fd = open("a", O_RDONLY);
	CHECK(futimens(fd, ts) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 5);
	close(fd);
}

static void test_names(void)
{
	char buf[PATH_MAX];
	CHECK(mkdir("d", 0755) == 0);
	FAILS(mkdir("d", 0755), EEXIST);
	FAILS(mkdir("none/d", 0755), ENOENT);
	put("d/x", "x");
	put("d/y", "y");
	CHECK(mkdir("d/sub", 0700) == 0);
	listing("d", buf, sizeof(buf));
	CHECK(!strcmp(buf, "sub x y"));
	FAILS(rmdir("d"), ENOTEMPTY);
	FAILS(rmdir("d/x"), ENOTDIR);
	FAILS(unlink("d"), EISDIR);
	FAILS(unlink("d/none"), ENOENT);
	FAILS(rmdir("d/sub/."), EINVAL);

	/* rename: atomic replace, and its errors */
	CHECK(rename("d/x", "d/y") == 0);
	CHECK(open("d/x", O_RDONLY) == -1 && errno == ENOENT);
	int fd = open("d/y", O_RDONLY);
	CHECK(read(fd, buf, 2) == 1 && buf[0] == 'x');
	close(fd);
	FAILS(rename("d/y", "d/sub"), EISDIR);
	FAILS(rename("d/sub", "d/y"), ENOTDIR);
	FAILS(rename("d", "d/sub/in"), EINVAL);
	FAILS(rename("d/none", "d/z"), ENOENT);
	CHECK(mkdir("full", 0755) == 0);
	put("full/f", "f");
	FAILS(rename("d/sub", "full"), ENOTEMPTY);
	CHECK(rename("d/sub", "moved") == 0);
	listing("d", buf, sizeof(buf));
	CHECK(!strcmp(buf, "y"));

	/* hard links */
	CHECK(link("d/y", "d/y2") == 0);
	struct stat st;
	CHECK(stat("d/y", &st) == 0 && st.st_nlink == 2);
	FAILS(link("d", "d2"), EPERM);
	FAILS(link("d/y", "d/y2"), EEXIST);
	CHECK(unlink("d/y") == 0);
	CHECK(stat("d/y2", &st) == 0 && st.st_nlink == 1);

	/* paths */
	CHECK(chdir("d") == 0);
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, "/t/d"));
	CHECK(getcwd(buf, 3) == NULL && errno == ERANGE);
	CHECK(chdir("..") == 0);
	CHECK(symlink("d/y2", "sl") == 0);
	CHECK(realpath("sl", buf) && !strcmp(buf, "/t/d/y2"));
	CHECK(realpath("/t/./d/../moved", buf) && !strcmp(buf, "/t/moved"));
	CHECK(realpath("nothing", buf) == NULL && errno == ENOENT);
	CHECK(symlink("loop2", "loop1") == 0 && symlink("loop1", "loop2") == 0);
	FAILS(open("loop1", O_RDONLY), ELOOP);
	char *name = malloc(300);
	memset(name, 'n', 299);
	name[299] = 0;
	FAILS(open(name, O_RDONLY | O_CREAT, 0644), ENAMETOOLONG);
	char *path = malloc(PATH_MAX + 10);
	for (int i = 0; i < PATH_MAX + 8; i++)
		path[i] = i % 2 ? '/' : '.';
	path[PATH_MAX + 8] = 0;
	FAILS(stat(path, &st), ENAMETOOLONG);
	free(path);
	free(name);

	/* *at() calls */
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	fd = openat(dfd, "at", O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK(fstatat(dfd, "at", &st, 0) == 0 && S_ISREG(st.st_mode));
	CHECK(unlinkat(dfd, "at", 0) == 0);
	CHECK(mkdirat(dfd, "atdir", 0755) == 0);
	CHECK(unlinkat(dfd, "atdir", AT_REMOVEDIR) == 0);
	CHECK(fchdir(dfd) == 0);
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, "/t/d"));
	close(dfd);
	CHECK(chdir("/t") == 0);
}

static void test_descriptors(void)
{
	char buf[16];
	int fd = open("dup", O_RDWR | O_CREAT, 0644);
	int fd2 = dup(fd);
	CHECK(fd2 == fd + 1);
	CHECK(write(fd, "abc", 3) == 3);
	CHECK(lseek(fd2, 0, SEEK_CUR) == 3); /* one open file, one offset */
	CHECK(dup2(fd, 20) == 20);
	CHECK(fcntl(20, F_GETFD) == 0);
	CHECK(dup3(fd, 21, O_CLOEXEC) == 21);
	CHECK(fcntl(21, F_GETFD) == FD_CLOEXEC);
	FAILS(dup3(fd, fd, 0), EINVAL);
	CHECK(fcntl(fd, F_DUPFD, 30) == 30);
	CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
	CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0);
	CHECK(fcntl(fd2, F_GETFL) & O_APPEND);
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	CHECK(fcntl(fd, F_SETLK, &l) == 0);
	CHECK(fcntl(fd, F_GETLK, &l) == 0 && l.l_type == F_UNLCK);
	CHECK(flock(fd, LOCK_EX) == 0 && flock(fd, LOCK_UN) == 0);
	FAILS(flock(fd, 99), EINVAL);
	close(fd2);
	close(20);
	close(21);
	close(30);
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 3) == 3 && !memcmp(buf, "abc", 3));
	close(fd);
	FAILS(dup(99), EBADF);
	FAILS(fcntl(99, F_GETFD), EBADF);
	CHECK(isatty(1) == 1);
	fd = open("dup", O_RDONLY);
	CHECK(isatty(fd) == 0 && errno == ENOTTY);
	close(fd);

	/* running out of descriptors */
	int n = 0, last = -1, f;
	while ((f = open("dup", O_RDONLY)) >= 0)
		last = f, n++;
	CHECK(errno == EMFILE);
	CHECK(n > 1000);
	for (int i = 3; i <= last; i++)
		close(i);
}

static void test_stdio(void)
{
	FILE *f = fopen("/t/stdio.txt", "w+");
	CHECK(f != NULL);
	CHECK(fprintf(f, "line %d\nline %d\n", 1, 2) == 14);
	CHECK(fflush(f) == 0);
	rewind(f);
	char line[32];
	CHECK(fgets(line, sizeof(line), f) && !strcmp(line, "line 1\n"));
	CHECK(fclose(f) == 0);
	f = fopen("/t/stdio.txt", "a");
	fputs("line 3\n", f);
	fclose(f);
	f = fopen("/t/stdio.txt", "r");
	int lines = 0;
	while (fgets(line, sizeof(line), f))
		lines++;
	CHECK(lines == 3);
	fclose(f);
	CHECK(fopen("/t/none/x", "w") == NULL && errno == ENOENT);
	char tmpl[] = "/tmp/amphiXXXXXX";
	int fd = mkstemp(tmpl);
	CHECK(fd >= 0 && strncmp(tmpl, "/tmp/amphi", 10) == 0 && strcmp(tmpl + 10, "XXXXXX"));
	close(fd);
	CHECK(unlink(tmpl) == 0);
	FILE *t = tmpfile();
	CHECK(t != NULL);
	if (t) {
		fputs("scratch", t);
		rewind(t);
		CHECK(fgets(line, sizeof(line), t) && !strcmp(line, "scratch"));
		fclose(t);
	}
	struct statvfs sv;
	CHECK(statvfs("/", &sv) == 0 && sv.f_bsize == 4096 && sv.f_bfree > 0 && sv.f_namemax == 255);
}

static void test_dev(void)
{
	char buf[8] = "xxxxxxx";
	int fd = open("/dev/null", O_RDWR);
	CHECK(fd >= 0 && write(fd, "abc", 3) == 3 && read(fd, buf, 8) == 0);
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 8) == 8 && !memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	FAILS(write(fd, "x", 1), ENOSPC);
	close(fd);
	struct stat st;
	CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == 0x103);
	/* random bytes: never a constant, never all zero */
	uint64_t r1 = 0, r2 = 0, r3 = 0;
	fd = open("/dev/urandom", O_RDONLY);
	CHECK(fd >= 0 && read(fd, &r1, 8) == 8);
	close(fd);
	fd = open("/dev/random", O_RDONLY);
	CHECK(fd >= 0 && read(fd, &r2, 8) == 8);
	close(fd);
	CHECK(getrandom(&r3, 8, 0) == 8);
	CHECK(r1 != r2 && r2 != r3 && r1 != r3 && r1 && r2 && r3);
	CHECK(getentropy(buf, 8) == 0);
	FAILS(getentropy(buf, 257), EIO);
	FAILS(getrandom(buf, 8, 0x80), EINVAL);
	printf("files: random %016llx\n", (unsigned long long)r3);
	fd = open("/dev/stdout", O_WRONLY);
	CHECK(fd >= 0 && write(fd, "dev/stdout works\n", 17) == 17);
	close(fd);
}

static void *slow_writer(void *arg)
{
	int fd = *(int *)arg;
	usleep(20000);
	CHECK(write(fd, "ping", 4) == 4);
	usleep(20000);
	CHECK(close(fd) == 0);
	return NULL;
}

static void *fifo_writer(void *arg)
{
	(void)arg;
	int fd = open("/t/fifo", O_WRONLY); /* blocks until the reader opens */
	CHECK(fd >= 0);
	CHECK(write(fd, "through the fifo", 16) == 16);
	close(fd);
	return NULL;
}

static void test_pipes(void)
{
	int p[2];
	char buf[64];
	CHECK(pipe(p) == 0);
	CHECK(write(p[1], "abc", 3) == 3);
	CHECK(read(p[0], buf, sizeof(buf)) == 3 && !memcmp(buf, "abc", 3));
	struct stat st;
	CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
	FAILS(lseek(p[0], 0, SEEK_SET), ESPIPE);
	FAILS(write(p[0], "x", 1), EBADF);
	/* a thread writes later: poll waits for it, then sees the end */
	pthread_t t;
	CHECK(pthread_create(&t, NULL, slow_writer, &p[1]) == 0);
	struct pollfd pf = { p[0], POLLIN, 0 };
	CHECK(poll(&pf, 1, 5000) == 1 && (pf.revents & POLLIN));
	CHECK(read(p[0], buf, sizeof(buf)) == 4 && !memcmp(buf, "ping", 4));
	CHECK(read(p[0], buf, sizeof(buf)) == 0); /* blocks until the writer closes: EOF */
	pthread_join(t, NULL);
	CHECK(poll(&pf, 1, 0) == 1 && (pf.revents & POLLHUP));
	close(p[0]);

	/* non-blocking ends, a full pipe, no reader */
	CHECK(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC);
	FAILS(read(p[0], buf, 1), EAGAIN);
	static char big[70000];
	ssize_t n = write(p[1], big, sizeof(big));
	CHECK(n == 65536);
	FAILS(write(p[1], "x", 1), EAGAIN);
	pf = (struct pollfd){ p[1], POLLOUT, 0 };
	CHECK(poll(&pf, 1, 0) == 0);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	FAILS(write(p[1], "x", 1), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);

	/* a FIFO by name, its ends opened by two threads */
	CHECK(mkfifo("/t/fifo", 0600) == 0);
	CHECK(stat("/t/fifo", &st) == 0 && S_ISFIFO(st.st_mode));
	FAILS(open("/t/fifo", O_WRONLY | O_NONBLOCK), ENXIO);
	CHECK(pthread_create(&t, NULL, fifo_writer, NULL) == 0);
	int fd = open("/t/fifo", O_RDONLY);
	CHECK(fd >= 0);
	size_t got = 0;
	while ((n = read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += (size_t)n;
	CHECK(got == 16 && !memcmp(buf, "through the fifo", 16));
	close(fd);
	pthread_join(t, NULL);
	CHECK(unlink("/t/fifo") == 0);
}

/* The 64 MiB file: written in 1 MiB pieces of a known pattern, read back
 * through a checksum; removing it returns every page. */
static void test_big(void)
{
	struct statvfs before, full, after;
	const size_t piece = 1 << 20, pieces = 64;
	uint32_t *buf = malloc(piece);
	CHECK(statvfs("/", &before) == 0);
	uint64_t sum_out = 0, sum_in = 0;
	int fd = open("/big", O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0);
	for (size_t p = 0; p < pieces; p++) {
		for (size_t i = 0; i < piece / 4; i++)
			sum_out += buf[i] = (uint32_t)((p * piece / 4 + i) * 2654435761u);
		CHECK(write(fd, buf, piece) == (ssize_t)piece);
	}
	CHECK(statvfs("/", &full) == 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	for (size_t p = 0; p < pieces; p++) {
		CHECK(read(fd, buf, piece) == (ssize_t)piece);
		for (size_t i = 0; i < piece / 4; i++)
			sum_in += buf[i];
	}
	close(fd);
	CHECK(unlink("/big") == 0);
	CHECK(statvfs("/", &after) == 0);
	free(buf);
	/* f_blocks - f_bfree: the pages ramfs's files hold */
	unsigned long held0 = (unsigned long)(before.f_blocks - before.f_bfree),
		      held1 = (unsigned long)(full.f_blocks - full.f_bfree),
		      held2 = (unsigned long)(after.f_blocks - after.f_bfree);
	printf("files: 64 MiB written and read back, checksum %s; pages in files %lu, with it %lu, "
	       "after removing it %lu; free pages %lu, then %lu\n",
	       sum_in == sum_out ? "equal" : "DIFFERENT", held0, held1, held2,
	       (unsigned long)before.f_bfree, (unsigned long)after.f_bfree);
	CHECK(sum_in == sum_out);
	CHECK(held1 - held0 == 16384);
	CHECK(held2 == held0);
	CHECK(after.f_bfree >= before.f_bfree); /* the heap may give back more than it held */
}

int main(int argc, char **argv)
{
	test_basics();
	test_names();
	test_descriptors();
	test_stdio();
	test_dev();
	test_pipes();
	if (argc > 1 && !strcmp(argv[1], "big"))
		test_big();
	if (failed)
		printf("files: %d failed\n", failed);
	else
		printf("files: all ok\n");
	return failed ? 1 : 0;
}

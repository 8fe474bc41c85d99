/* fsbench [DIR]: file system figures in DIR (default /tmp), the same source
 * on Amphi (its ramfs) and on Linux (tmpfs), for bench/files/run:
 *   fsbench: write MB/s   64 MiB written sequentially in 1 MiB writes
 *   fsbench: read MB/s    read back the same way
 *   fsbench: open-read-close N/s   of a 4 KiB file, for one second
 * Portable POSIX. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PIECE (1 << 20)
#define PIECES 64

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	char big[256], small[256];
	snprintf(big, sizeof(big), "%s/fsbench.big", dir);
	snprintf(small, sizeof(small), "%s/fsbench.small", dir);
	char *buf = malloc(PIECE);
	if (!buf)
		return 1;
	memset(buf, 0x5a, PIECE);

	int fd = open(big, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror("fsbench: open");
		return 1;
	}
	double t0 = now();
	for (int i = 0; i < PIECES; i++)
		if (write(fd, buf, PIECE) != PIECE) {
			perror("fsbench: write");
			return 1;
		}
	double t1 = now();
	lseek(fd, 0, SEEK_SET);
	for (int i = 0; i < PIECES; i++)
		if (read(fd, buf, PIECE) != PIECE) {
			perror("fsbench: read");
			return 1;
		}
	double t2 = now();
	close(fd);
	unlink(big);
	printf("fsbench: write %.0f MB/s\n", PIECES / (t1 - t0));
	printf("fsbench: read %.0f MB/s\n", PIECES / (t2 - t1));

	fd = open(small, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, 4096) != 4096)
		return 1;
	close(fd);
	long n = 0;
	double start = now(), end;
	do {
		for (int i = 0; i < 100; i++, n++) {
			fd = open(small, O_RDONLY);
			if (fd < 0 || read(fd, buf, 4096) != 4096)
				return 1;
			close(fd);
		}
	} while ((end = now()) - start < 1.0);
	unlink(small);
	printf("fsbench: open-read-close %.0f /s\n", (double)n / (end - start));
	return 0;
}

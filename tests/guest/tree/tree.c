/*
 * tree DIR... — walk each DIR (in name order, not following symlinks) and
 * print what is there: "tree: DIR: D dirs, F files, L symlinks, B bytes,
 * hash H", H an FNV-1a hash over every entry's path, mode, and contents (a
 * file's bytes, a symlink's target). tests/guest/tree/mktree builds the
 * tree the cases unpack and prints the same line from the host's view.
 * With "-w FILE TEXT" first it also writes TEXT to FILE and reads it back.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sums {
	unsigned long dirs, files, links;
	unsigned long long bytes;
	uint64_t hash;
};

static void fnv(uint64_t *h, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		*h = (*h ^ ((const unsigned char *)p)[i]) * 0x100000001b3ull;
}

static int walk(const char *path, const char *rel, struct sums *s)
{
	struct dirent **list;
	int n = scandir(path, &list, NULL, alphasort);
	if (n < 0) {
		printf("tree: %s: %s\n", path, strerror(errno));
		return -1;
	}
	int err = 0;
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		if (!strcmp(name, ".") || !strcmp(name, "..")) {
			free(list[i]);
			continue;
		}
		char full[4096], r[4096], text[32];
		snprintf(full, sizeof(full), "%s/%s", path, name);
		snprintf(r, sizeof(r), "%s%s%s", rel, *rel ? "/" : "", name);
		struct stat st;
		if (lstat(full, &st) < 0) {
			printf("tree: %s: %s\n", full, strerror(errno));
			err = -1;
		} else {
			snprintf(text, sizeof(text), "%o", (unsigned)st.st_mode);
			fnv(&s->hash, r, strlen(r) + 1);
			fnv(&s->hash, text, strlen(text) + 1);
			if (S_ISDIR(st.st_mode)) {
				s->dirs++;
				err |= walk(full, r, s);
			} else if (S_ISLNK(st.st_mode)) {
				char target[4096];
				ssize_t k = readlink(full, target, sizeof(target));
				s->links++;
				if (k > 0)
					fnv(&s->hash, target, (size_t)k);
			} else if (S_ISREG(st.st_mode)) {
				int fd = open(full, O_RDONLY);
				char buf[8192];
				ssize_t k;
				s->files++;
				while (fd >= 0 && (k = read(fd, buf, sizeof(buf))) > 0) {
					fnv(&s->hash, buf, (size_t)k);
					s->bytes += (unsigned long long)k;
				}
				if (fd >= 0)
					close(fd);
			}
		}
		free(list[i]);
	}
	free(list);
	return err;
}

int main(int argc, char **argv)
{
	int i = 1, err = 0;
	if (argc > 3 && !strcmp(argv[1], "-w")) {
		FILE *f = fopen(argv[2], "w");
		if (!f || fputs(argv[3], f) < 0 || fclose(f)) {
			printf("tree: write %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		char back[256] = "";
		f = fopen(argv[2], "r");
		if (!f || !fgets(back, sizeof(back), f)) {
			printf("tree: read %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		fclose(f);
		printf("tree: wrote and read back %s: %s\n", argv[2], back);
		i = 4;
	}
	for (; i < argc; i++) {
		struct sums s = { .hash = 0xcbf29ce484222325ull };
		err |= walk(argv[i], "", &s);
		printf("tree: %s: %lu dirs, %lu files, %lu symlinks, %llu bytes, hash %016llx\n", argv[i],
		       s.dirs, s.files, s.links, s.bytes, (unsigned long long)s.hash);
	}
	return err ? 1 : 0;
}

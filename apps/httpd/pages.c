/* The pages httpd serves: every regular file under the document root, read
 * into memory when the server starts, so that no request waits on the file
 * system and a response's bytes stay put while they are sent. The path of
 * a page is its path under the root ("/index.html"); its type comes from
 * its extension. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pages.h"

struct page *pages;
static size_t npages, cap;

static const char *type_of(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".html", "text/html; charset=utf-8" }, { ".htm", "text/html; charset=utf-8" },
		{ ".css", "text/css" }, { ".js", "text/javascript" }, { ".json", "application/json" },
		{ ".txt", "text/plain; charset=utf-8" }, { ".svg", "image/svg+xml" },
		{ ".png", "image/png" }, { ".jpg", "image/jpeg" }, { ".gif", "image/gif" },
		{ ".ico", "image/x-icon" },
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static int add(const char *file, const char *path, off_t size)
{
	int fd = open(file, O_RDONLY);
	if (fd < 0)
		return -1;
	unsigned char *data = malloc(size ? (size_t)size : 1);
	size_t got = 0;
	ssize_t n = 1;
	while (data && got < (size_t)size && (n = read(fd, data + got, (size_t)size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (npages + 1 >= cap) {
		cap = cap ? cap * 2 : 16;
		struct page *more = realloc(pages, cap * sizeof(*pages));
		if (!more) {
			free(data);
			errno = ENOMEM;
			return -1;
		}
		pages = more;
	}
	char *p = strdup(path);
	if (!data || !p || n < 0) {
		free(data);
		free(p);
		errno = n < 0 ? errno : ENOMEM;
		return -1;
	}
	pages[npages++] = (struct page){ p, type_of(path), data, data + got };
	pages[npages] = (struct page){ 0 };
	return 0;
}

/* dir (a path on disk) whose pages are under prefix ("" for the root) */
static int walk(const char *dir, const char *prefix, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	int err = 0;
	while (!err && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		size_t dl = strlen(dir), pl = strlen(prefix), nl = strlen(e->d_name);
		char *file = malloc(dl + nl + 2), *path = malloc(pl + nl + 2);
		struct stat st;
		if (!file || !path) {
			errno = ENOMEM;
			err = -1;
		} else {
			sprintf(file, "%s/%s", dir, e->d_name);
			sprintf(path, "%s/%s", prefix, e->d_name);
			if (stat(file, &st) < 0)
				err = -1;
			else if (S_ISREG(st.st_mode))
				err = add(file, path, st.st_size);
			else if (S_ISDIR(st.st_mode) && depth < 16)
				err = walk(file, path, depth + 1);
			if (err)
				fprintf(stderr, "httpd: %s: %s\n", file, strerror(errno));
		}
		free(file);
		free(path);
	}
	closedir(d);
	return err;
}

int pages_load(const char *root)
{
	if (walk(root, "", 0) < 0)
		return -1;
	if (!pages && !(pages = calloc(1, sizeof(*pages)))) /* none: just the terminator */
		return -1;
	return (int)npages;
}

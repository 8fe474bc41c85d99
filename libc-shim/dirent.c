/* <dirent.h> over a directory descriptor (kernel/vfs/file.h: file_readdir). */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shim.h"

struct amphi_dir {
	int fd;
	long pos; /* entries read since the start: telldir's answer */
	struct dirent ent;
};

DIR *fdopendir(int fd)
{
	struct file *f = shim_file(fd);
	if (!f)
		return NULL;
	if (!f->vn || !S_ISDIR(f->vn->mode)) {
		errno = ENOTDIR;
		return NULL;
	}
	DIR *d = calloc(1, sizeof(*d));
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	DIR *d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

int closedir(DIR *d)
{
	if (!d) {
		errno = EBADF;
		return -1;
	}
	int r = close(d->fd);
	free(d);
	return r;
}

struct dirent *readdir(DIR *d)
{
	struct file *f = shim_file(d->fd);
	struct vfs_dirent de;
	int r = f ? file_readdir(f, &de) : -EBADF;
	if (r <= 0) {
		if (r < 0)
			errno = -r;
		return NULL; /* the end: errno untouched */
	}
	d->ent.d_ino = (ino_t)de.ino;
	d->ent.d_off = ++d->pos;
	d->ent.d_reclen = sizeof(d->ent);
	d->ent.d_type = (unsigned char)IFTODT(de.type);
	strcpy(d->ent.d_name, de.name);
	return &d->ent;
}

int readdir_r(DIR *d, struct dirent *entry, struct dirent **result)
{
	int saved = errno;
	errno = 0;
	struct dirent *e = readdir(d);
	int err = e ? 0 : errno;
	errno = saved;
	if (e)
		*entry = *e;
	*result = e ? entry : NULL;
	return err;
}

void rewinddir(DIR *d)
{
	struct file *f = fd_file(d->fd);
	if (f)
		file_seek(f, 0, SEEK_SET);
	d->pos = 0;
}

long telldir(DIR *d) { return d->pos; }

void seekdir(DIR *d, long pos)
{
	rewinddir(d);
	while (d->pos < pos && readdir(d))
		;
}

int dirfd(DIR *d) { return d->fd; }

int alphasort(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

int scandir(const char *path, struct dirent ***list, int (*keep)(const struct dirent *),
	    int (*cmp)(const struct dirent **, const struct dirent **))
{
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent **v = NULL, *e;
	size_t n = 0, cap = 0;
	int err = 0;
	while ((e = readdir(d))) {
		if (keep && !keep(e))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			struct dirent **more = realloc(v, cap * sizeof(*v));
			if (!more) {
				err = ENOMEM;
				break;
			}
			v = more;
		}
		if (!(v[n] = malloc(sizeof(*e)))) {
			err = ENOMEM;
			break;
		}
		*v[n++] = *e;
	}
	closedir(d);
	if (err) {
		while (n)
			free(v[--n]);
		free(v);
		errno = err;
		return -1;
	}
	if (cmp)
		qsort(v, n, sizeof(*v), (int (*)(const void *, const void *))cmp);
	*list = v;
	return (int)n;
}

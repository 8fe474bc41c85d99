#ifndef HTTPD_PAGES_H
#define HTTPD_PAGES_H

struct page {
	char *path;       /* "/index.html" */
	const char *type; /* Content-Type */
	const unsigned char *data, *end;
};

extern struct page *pages; /* ends with a NULL path */

/* Read every regular file under root (recursively) into pages: the number
 * of files, or -1 with errno set and a message on stderr. */
int pages_load(const char *root);

#endif

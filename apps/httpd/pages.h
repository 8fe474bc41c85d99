#ifndef HTTPD_PAGES_H
#define HTTPD_PAGES_H

struct page {
	const char *path; /* "/index.html" */
	const char *type; /* Content-Type */
	const unsigned char *data, *end;
};

extern const struct page pages[]; /* ends with a NULL path */

#endif

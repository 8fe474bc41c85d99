/* The pages httpd serves: the files of apps/httpd/www/ put into the image
 * byte for byte by the assembler (.incbin), so any content is fine, NULs
 * included. WWW_DIR (set by app.mk, or -D on a host build) is the directory,
 * relative to where the compiler runs. Add a file: one PAGE line below. */
#include "pages.h"

#ifndef WWW_DIR
#define WWW_DIR "apps/httpd/www"
#endif

#define PAGE(sym, file)                                                        \
	__asm__(".section .rodata." #sym ",\"a\"\n"                            \
		".balign 16\n" #sym ":\n"                                      \
		".incbin \"" WWW_DIR "/" file "\"\n" #sym "_end:\n"            \
		".byte 0\n" /* keep _end inside the section */                 \
		".previous\n");                                                \
	extern const unsigned char sym[], sym##_end[];

PAGE(page_index, "index.html")
PAGE(page_big, "big.html")
PAGE(page_bytes, "bytes.bin")
PAGE(page_style, "style.css")

const struct page pages[] = {
	{"/index.html", "text/html; charset=utf-8", page_index, page_index_end},
	{"/big.html", "text/html; charset=utf-8", page_big, page_big_end},
	{"/bytes.bin", "application/octet-stream", page_bytes, page_bytes_end},
	{"/style.css", "text/css", page_style, page_style_end},
	{0, 0, 0, 0},
};

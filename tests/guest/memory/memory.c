/* Exhaust the heap: malloc must return NULL (not hang), and after freeing
 * everything the same amount must be available again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct block {
	struct block *next;
};

/* Allocate big chunks, then smaller ones, until nothing is left; touch each
 * page so the memory is really there. Returns the bytes obtained. */
static size_t fill(struct block **list)
{
	size_t total = 0;
	for (size_t size = 1 << 20; size >= 64; size /= 2) {
		struct block *b;
		while ((b = malloc(size))) {
			memset(b, 0xa5, size);
			b->next = *list;
			*list = b;
			total += size;
		}
	}
	return total;
}

static void release(struct block **list)
{
	while (*list) {
		struct block *next = (*list)->next;
		free(*list);
		*list = next;
	}
}

int main(void)
{
	struct block *list = NULL;
	size_t first = fill(&list);
	release(&list);
	size_t second = fill(&list);
	release(&list);
	long diff = (long)second - (long)first;
	printf("heap: first %zu KiB, second %zu KiB, difference %ld bytes\n", first / 1024,
	       second / 1024, diff);
	int ok = first > 1 << 20 && labs(diff) <= 4096;
	void *p = malloc(1);
	printf("malloc after release: %s\n", p ? "ok" : "NULL");
	printf("memory: %s\n", ok && p ? "ok" : "FAILED");
	return ok && p ? 0 : 1;
}

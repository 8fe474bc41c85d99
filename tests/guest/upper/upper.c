/* upper: the console's input. Prints "upper: ready", reads stdin line by
 * line (fgets) and prints each line uppercased, then "upper: end of input
 * after N lines (B bytes)" at end of file. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[256];
	unsigned long lines = 0, bytes = 0;
	printf("upper: ready\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		size_t n = strlen(line);
		bytes += n;
		lines += n && line[n - 1] == '\n';
		for (size_t i = 0; i < n; i++)
			line[i] = (char)toupper((unsigned char)line[i]);
		printf("upper: %s%s", line, n && line[n - 1] == '\n' ? "" : "\n");
		fflush(stdout);
	}
	printf("upper: end of input after %lu lines (%lu bytes)\n", lines, bytes);
	return ferror(stdin) ? 1 : 0;
}

/* Prints what the kernel passed in: argv (from after "--") and environ (env.*). */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=<%s>\n", i, argv[i]);
	for (char **e = environ; *e; e++)
		printf("env <%s>\n", *e);
	const char *greeting = getenv("GREETING");
	printf("getenv(GREETING)=<%s>\n", greeting ? greeting : "(null)");
	return argc > 1 ? atoi(argv[1]) : 0;
}

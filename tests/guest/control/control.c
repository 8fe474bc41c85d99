/* A guest for Xen's shutdown requests (tests/xen/clients/control.sh): it
 * sleeps until dom0 stops it. An `xl shutdown` must end it through the
 * normal exit path: the atexit handler's line appears, and only the flush
 * at exit can show it, since stdout is fully buffered here. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void at_exit(void) { printf("control: atexit ran\n"); }

int main(void)
{
	static char buf[1024];
	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	atexit(at_exit);
	printf("control: waiting for dom0\n");
	fflush(stdout);
	for (;;)
		sleep(60);
}

/* Each argument triggers one fault; the kernel must report it (name, the
 * faulting function, a backtrace) and power off with the panic status. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static int fault_null(void)
{
	volatile int *p = NULL;
	return *p;
}

__attribute__((noinline)) static void fault_write_text(void)
{
	volatile unsigned char *code = (volatile unsigned char *)(void *)fault_write_text;
	*code = 0xc3;
}

__attribute__((noinline)) static void fault_exec_heap(void)
{
	unsigned char *code = malloc(16);
	memset(code, 0xc3, 16); /* ret */
	((void (*)(void))(void *)code)();
	free(code); /* not reached; also keeps the call from becoming a jump */
}

__attribute__((noinline)) static int recurse(int n)
{
	volatile char frame[256];
	frame[0] = (char)n;
	if (n < 0) /* never: keeps the compiler from rejecting endless recursion */
		return 0;
	return recurse(n + 1) + frame[0];
}

__attribute__((noinline)) static int fault_div0(int divisor)
{
	volatile int d = divisor;
	return 100 / d;
}

__attribute__((noinline)) static void fault_abort(void) { abort(); }

/* Writes past a local array: the stack protector's canary catches it when
 * the function returns. */
__attribute__((noinline)) static int smash_stack(int n)
{
	char buf[16];
	volatile int len = n;
	for (int i = 0; i < len; i++)
		buf[i] = 'x';
	return buf[0];
}

/* memcpy into a 16-byte array with a length known only at run time:
 * _FORTIFY_SOURCE makes it __memcpy_chk, which refuses. */
__attribute__((noinline)) static int fortify_overflow(int n)
{
	char src[64], buf[16];
	volatile int len = n;
	memset(src, 'y', sizeof(src));
	memcpy(buf, src, (size_t)len);
	return buf[0];
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: faults null|write-text|exec-heap|stack-overflow|div0|abort|"
				"stack-smash|fortify|canary\n");
		return 2;
	}
	const char *f = argv[1];
	printf("triggering %s\n", f);
	if (!strcmp(f, "null"))
		return fault_null();
	if (!strcmp(f, "write-text"))
		fault_write_text();
	else if (!strcmp(f, "exec-heap"))
		fault_exec_heap();
	else if (!strcmp(f, "stack-overflow"))
		return recurse(0);
	else if (!strcmp(f, "div0"))
		return fault_div0(0);
	else if (!strcmp(f, "abort"))
		fault_abort();
	else if (!strcmp(f, "stack-smash"))
		return smash_stack(64);
	else if (!strcmp(f, "fortify"))
		return fortify_overflow(40);
	else if (!strcmp(f, "canary")) {
		/* The per-boot canary (kernel/ssp.h), printed for the test that
		 * boots twice: it must differ between boots. */
		extern uintptr_t __stack_chk_guard;
		printf("canary %016lx\n", (unsigned long)__stack_chk_guard);
		return 0;
	}
	else {
		fprintf(stderr, "unknown fault '%s'\n", f);
		return 2;
	}
	printf("survived %s: the kernel did not catch it\n", f);
	return 1;
}

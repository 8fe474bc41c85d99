#include "panic.h"

#include <stdarg.h>

#include "mm.h"
#include "platform/platform.h"
#include "symtab.h"

static int panicking;

/* Format "name+0xoff" or "0xaddr" for a code address. A return address is
 * looked up one byte earlier: after a call to a noreturn function it points
 * past the caller's last instruction. */
static void symbolize_at(char *buf, size_t len, uint64_t addr, int is_return)
{
	uint64_t off;
	const char *name = symtab_lookup(&amphi_symtab, addr - (is_return ? 1 : 0), &off);
	if (name)
		ksnprintf(buf, len, "%s+%#lx", name, (unsigned long)(off + (is_return ? 1 : 0)));
	else
		ksnprintf(buf, len, "%#lx", (unsigned long)addr);
}

static void symbolize(char *buf, size_t len, uint64_t addr) { symbolize_at(buf, len, addr, 0); }
static void symbolize_ret(char *buf, size_t len, uint64_t addr) { symbolize_at(buf, len, addr, 1); }

static int frame_ok(uint64_t fp)
{
	return fp && !(fp & 7) && mm_is_mapped(fp) && mm_is_mapped(fp + 15);
}

/* Walk the frame-pointer chain (the whole image is built with frame pointers). */
static void backtrace(const struct panic_regs *r)
{
	char sym[128];
	kprintf("backtrace:\n");
	symbolize_at(sym, sizeof(sym), r->rip, r->rip_is_return);
	kprintf("  #0 %016lx %s\n", (unsigned long)r->rip, sym);
	int depth = 1;
	if (r->caller) {
		symbolize_ret(sym, sizeof(sym), r->caller);
		kprintf("  #%d %016lx %s\n", depth++, (unsigned long)r->caller, sym);
	}
	uint64_t fp = r->rbp;
	for (; depth < 32 && frame_ok(fp); depth++) {
		uint64_t ret = ((uint64_t *)(uintptr_t)fp)[1];
		uint64_t next = ((uint64_t *)(uintptr_t)fp)[0];
		if (!ret)
			break;
		symbolize_ret(sym, sizeof(sym), ret);
		kprintf("  #%d %016lx %s\n", depth, (unsigned long)ret, sym);
		if (next <= fp) /* stacks grow down: the chain must go up */
			break;
		fp = next;
	}
}

static void enter_panic(void)
{
	if (panicking++) {
		kprintf("amphi: panic while panicking\n");
		platform->poweroff(EXIT_STATUS_PANIC);
	}
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	enter_panic();
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct panic_regs r = {
		.rip = (uint64_t)(uintptr_t)__builtin_return_address(0),
		/* Our frame's saved frame pointer is the caller's frame. */
		.rbp = *(uint64_t *)__builtin_frame_address(0),
		.rip_is_return = 1,
	};
	char sym[128];
	symbolize_ret(sym, sizeof(sym), r.rip);
	kprintf("amphi: panic: %s (called from %s)\n", msg, sym);
	backtrace(&r);
	platform->poweroff(EXIT_STATUS_PANIC);
}

void panic_trap_begin(const char *name, unsigned vector, const char *detail,
		      struct panic_regs *r)
{
	char where[128], caller[160] = "";
	enter_panic();
	/* On a function's first instruction no frame is pushed yet (or ever, for
	 * code the compiler proved never returns): its caller is on the stack top. */
	uint64_t off;
	if (!r->caller && symtab_lookup(&amphi_symtab, r->rip, &off) && off == 0 &&
	    mm_is_mapped(r->rsp) && mm_is_mapped(r->rsp + 7))
		r->caller = *(uint64_t *)(uintptr_t)r->rsp;
	symbolize(where, sizeof(where), r->rip);
	if (r->caller) {
		char sym[128];
		symbolize_ret(sym, sizeof(sym), r->caller);
		ksnprintf(caller, sizeof(caller), ", called from %s", sym);
	}
	kprintf("amphi: panic: %s (vector %u%s%s) at %s%s\n", name, vector, *detail ? ", " : "",
		detail, where, caller);
}

void panic_trap_end(const struct panic_regs *r)
{
	backtrace(r);
	platform->poweroff(EXIT_STATUS_PANIC);
}

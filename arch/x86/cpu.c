/* GDT, TSS with IST stacks, IDT, and the x86 side of trap reporting. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "kernel/mm.h"
#include "kernel/panic.h"
#include "x86_defs.h"

/* IST slots: a fault on a broken stack must still find a good one, and an
 * interrupt must never push onto the interrupted stack (irq_entry.S). */
enum { IST_FAULT = 1, IST_DF = 2, IST_NMI = 3, IST_MC = 4, IST_IRQ = 5, IST_COUNT = 5 };
#define IST_BOOT_STACK 8192
#define IST_STACK_SIZE 16384

struct __attribute__((packed)) tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3, iomap_base;
};

struct __attribute__((packed)) idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, reserved;
};

struct __attribute__((packed)) desc_ptr {
	uint16_t limit;
	uint64_t base;
};

static struct tss tss;
static struct idt_gate idt[256];
static uint8_t ist_boot_stacks[IST_COUNT][IST_BOOT_STACK] __attribute__((aligned(16)));

/* Null, 64-bit code, data, and a 16-byte TSS descriptor filled at run time.
 * pvh_entry.S loads it first, with the TSS slot still empty. */
uint64_t gdt[5] = {
	0,
	0x00af9a000000ffffull, /* GDT_KERNEL_CS: present, code, long mode */
	0x00cf92000000ffffull, /* GDT_KERNEL_DS: present, data, writable */
	0,
	0,
};
struct desc_ptr gdt_ptr = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

extern const uint64_t trap_entry_table[32];
extern const char irq_entry_stubs[]; /* vector v's stub at + (v - 32) * 16 */

static void set_gate(int vec, uint64_t handler, int ist)
{
	idt[vec] = (struct idt_gate){
		.off_lo = handler & 0xffff,
		.sel = GDT_KERNEL_CS,
		.ist = (uint8_t)ist,
		.type = 0x8e, /* present, ring 0, interrupt gate */
		.off_mid = (handler >> 16) & 0xffff,
		.off_hi = (uint32_t)(handler >> 32),
	};
}

static void set_ist_stacks(uint64_t tops[IST_COUNT])
{
	for (int i = 0; i < IST_COUNT; i++)
		tss.ist[i] = tops[i];
}

void cpu_init(void)
{
	uint64_t tops[IST_COUNT];
	for (int i = 0; i < IST_COUNT; i++)
		tops[i] = (uint64_t)(uintptr_t)&ist_boot_stacks[i][IST_BOOT_STACK];
	set_ist_stacks(tops);
	tss.iomap_base = sizeof(tss);

	uint64_t base = (uint64_t)(uintptr_t)&tss, limit = sizeof(tss) - 1;
	gdt[GDT_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
			   (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[GDT_TSS / 8 + 1] = base >> 32;
	__asm__ volatile("lgdt %0" : : "m"(gdt_ptr));
	__asm__ volatile("ltr %w0" : : "r"(GDT_TSS));

	for (int v = 0; v < 32; v++) {
		int ist = v == 2 ? IST_NMI : v == 8 ? IST_DF : v == 18 ? IST_MC : IST_FAULT;
		set_gate(v, trap_entry_table[v], ist);
	}
	for (int v = 32; v < 256; v++)
		set_gate(v, (uint64_t)(uintptr_t)(irq_entry_stubs + (v - 32) * 16), IST_IRQ);
	struct desc_ptr idtr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

int cpu_use_guarded_ist_stacks(void)
{
	uint64_t tops[IST_COUNT];
	for (int i = 0; i < IST_COUNT; i++) {
		void *top = mm_stack_alloc(IST_STACK_SIZE);
		if (!top)
			return -ENOMEM;
		tops[i] = (uint64_t)(uintptr_t)top;
	}
	set_ist_stacks(tops);
	return 0;
}

static const char *const trap_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded",
	"invalid opcode", "device not available", "double fault", "coprocessor segment overrun",
	"invalid TSS", "segment not present", "stack-segment fault", "general protection fault",
	"page fault", "reserved", "x87 floating-point error", "alignment check", "machine check",
	"SIMD floating-point error", "virtualization exception", "control protection",
	"reserved", "reserved", "reserved", "reserved", "reserved", "reserved",
	"hypervisor injection", "VMM communication", "security exception", "reserved",
};

/* Explain a page fault's error code and address in words. */
static void describe_page_fault(char *buf, size_t len, uint64_t err, uint64_t cr2)
{
	const char *what = (err & 0x10) ? "execute" : (err & 2) ? "write" : "read";
	const char *why;
	if (mm_is_stack_guard(cr2))
		why = "stack overflow";
	else if (cr2 < 4096)
		why = "NULL pointer dereference";
	else if (!(err & 1))
		why = "not mapped";
	else if (err & 0x10)
		why = "not executable";
	else
		why = "protection violation";
	ksnprintf(buf, len, "%s: %s of %#lx", why, what, (unsigned long)cr2);
}

void x86_trap(struct trap_frame *f)
{
	uint64_t cr2 = x86_irq_ops ? x86_irq_ops->fault_address() : read_cr2();
	char detail[96] = "";
	const char *name = f->vector < 32 ? trap_names[f->vector] : "interrupt";

	/* A double fault on a guard page is a stack overflow that could not even
	 * push the page-fault frame. */
	if (f->vector == 14 || (f->vector == 8 && mm_is_stack_guard(cr2)))
		describe_page_fault(detail, sizeof(detail), f->vector == 14 ? f->error : 2, cr2);

	struct panic_regs regs = {
		.rip = f->rip, .rsp = f->rsp, .rbp = f->rbp,
		/* After a call into a non-executable page, the return address is on top
		 * of the stack: it names the function that made the call. */
		.caller = (f->vector == 14 && (f->error & 0x10)) ? *(uint64_t *)(uintptr_t)f->rsp : 0,
	};
	panic_trap_begin(name, f->vector, detail, &regs);
	kprintf("  error %#lx  rip %016lx  rsp %016lx  cr2 %016lx  rflags %08lx\n",
		(unsigned long)f->error, (unsigned long)f->rip, (unsigned long)f->rsp,
		(unsigned long)cr2, (unsigned long)f->rflags);
	kprintf("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", (unsigned long)f->rax,
		(unsigned long)f->rbx, (unsigned long)f->rcx, (unsigned long)f->rdx);
	kprintf("  rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n", (unsigned long)f->rsi,
		(unsigned long)f->rdi, (unsigned long)f->rbp, (unsigned long)f->r8);
	kprintf("  r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n", (unsigned long)f->r9,
		(unsigned long)f->r10, (unsigned long)f->r11, (unsigned long)f->r12);
	kprintf("  r13 %016lx r14 %016lx r15 %016lx\n", (unsigned long)f->r13,
		(unsigned long)f->r14, (unsigned long)f->r15);
	panic_trap_end(&regs);
}

/*
 * lwIP's operating-system layer (sys_arch) on Amphi's kernel: semaphores,
 * mutexes and threads are the kernel's; a mailbox is a ring of pointers
 * guarded by two counting semaphores (free slots, queued messages). The
 * scheduler is cooperative on one CPU, so the ring needs no lock of its own:
 * nothing runs between two statements unless one of them blocks.
 */
#include <errno.h>
#include <stdlib.h>

#include "lwip/sys.h"

#include "arch/arch.h"
#include "kernel/panic.h"
#include "kernel/sync.h"
#include "kernel/thread.h"

struct lwip_mbox {
	struct semaphore slots, items;
	unsigned size, head, count;
	void *msg[];
};

/* lwIP's timeouts are in ms, 0 = forever; the kernel's are deadlines. */
static uint64_t deadline(u32_t timeout_ms)
{
	return timeout_ms ? time_now_ns() + (uint64_t)timeout_ms * 1000000 : 0;
}

static u32_t elapsed_ms(uint64_t start) { return (u32_t)((time_now_ns() - start) / 1000000); }

void sys_init(void) {}

u32_t sys_now(void) { return (u32_t)(time_now_ns() / 1000000); }

sys_prot_t sys_arch_protect(void) { return arch_irq_save(); }
void sys_arch_unprotect(sys_prot_t pval) { arch_irq_restore(pval); }

unsigned amphi_lwip_rand(void)
{
	/* xorshift seeded from the cycle counter: unpredictable enough for
	 * DHCP transaction ids, DNS ids, ports and initial sequence numbers. */
	static uint64_t x;
	if (!x)
		x = arch_cycles() | 1;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (unsigned)(x >> 16);
}

void amphi_lwip_assert(const char *msg, const char *file, int line)
{
	panic("lwIP assertion \"%s\" failed at %s:%d", msg, file, line);
}

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	*sem = malloc(sizeof(**sem));
	if (!*sem)
		return ERR_MEM;
	sem_init_k(*sem, count);
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	free(*sem);
	*sem = NULL;
}

void sys_sem_signal(sys_sem_t *sem) { sem_up(*sem); }

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	uint64_t start = time_now_ns();
	if (sem_timeddown(*sem, deadline(timeout)) < 0)
		return SYS_ARCH_TIMEOUT;
	return elapsed_ms(start);
}

err_t sys_mutex_new(sys_mutex_t *m)
{
	*m = malloc(sizeof(**m));
	if (!*m)
		return ERR_MEM;
	mutex_init(*m);
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *m)
{
	free(*m);
	*m = NULL;
}

void sys_mutex_lock(sys_mutex_t *m) { mutex_lock(*m); }
void sys_mutex_unlock(sys_mutex_t *m) { mutex_unlock(*m); }

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	if (size <= 0)
		size = 64;
	struct lwip_mbox *b = malloc(sizeof(*b) + (size_t)size * sizeof(void *));
	if (!b)
		return ERR_MEM;
	sem_init_k(&b->slots, size);
	sem_init_k(&b->items, 0);
	b->size = (unsigned)size;
	b->head = b->count = 0;
	*mbox = b;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	free(*mbox);
	*mbox = NULL;
}

static void put(struct lwip_mbox *b, void *msg)
{
	b->msg[(b->head + b->count++) % b->size] = msg;
	sem_up(&b->items);
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	sem_down(&(*mbox)->slots);
	put(*mbox, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	if (!sem_trydown(&(*mbox)->slots))
		return ERR_MEM;
	put(*mbox, msg);
	return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg) { return sys_mbox_trypost(mbox, msg); }

static void *take(struct lwip_mbox *b)
{
	void *msg = b->msg[b->head];
	b->head = (b->head + 1) % b->size;
	b->count--;
	sem_up(&b->slots);
	return msg;
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	uint64_t start = time_now_ns();
	if (sem_timeddown(&(*mbox)->items, deadline(timeout)) < 0)
		return SYS_ARCH_TIMEOUT;
	void *m = take(*mbox);
	if (msg)
		*msg = m;
	return elapsed_ms(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	if (!sem_trydown(&(*mbox)->items))
		return SYS_MBOX_EMPTY;
	void *m = take(*mbox);
	if (msg)
		*msg = m;
	return 0;
}

struct start {
	lwip_thread_fn fn;
	void *arg;
};

static void *thread_main(void *p)
{
	struct start s = *(struct start *)p;
	free(p);
	s.fn(s.arg);
	return NULL;
}

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn fn, void *arg, int stacksize, int prio)
{
	(void)prio; /* one FIFO run queue: no priorities */
	struct start *s = malloc(sizeof(*s));
	if (!s)
		panic("lwIP: no memory for thread %s", name);
	*s = (struct start){ fn, arg };
	struct thread *t = thread_create(name, thread_main, s, stacksize > 0 ? (size_t)stacksize : 0);
	if (!t)
		panic("lwIP: no memory for thread %s", name);
	thread_detach(t);
	return t;
}

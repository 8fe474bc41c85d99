/* The wait of poll() for descriptors that are not sockets (file.h). */
#include "arch/arch.h"
#include "file.h"
#include "kernel/sync.h"

static struct waitq poll_waiters = WAITQ_INIT(poll_waiters);

void file_poll_wake(void) { waitq_wake_all(&poll_waiters); }

int file_poll_wait(uint64_t deadline_ns)
{
	unsigned long flags = arch_irq_save();
	int r = waitq_wait(&poll_waiters, deadline_ns);
	arch_irq_restore(flags);
	return r;
}

/* pipe() and pipe2() over kernel/vfs/pipe.h. */
#include <fcntl.h>
#include <unistd.h>

#include "kernel/vfs/pipe.h"
#include "shim.h"

int pipe2(int fds[2], int flags)
{
	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return (int)sys_ret(-EINVAL);
	struct file *ends[2];
	int err = pipe_open(ends, flags & O_NONBLOCK), cloexec = (flags & O_CLOEXEC) != 0;
	if (err)
		return (int)sys_ret(err);
	int rd = fd_install(ends[0], 0, cloexec);
	int wr = rd < 0 ? rd : fd_install(ends[1], 0, cloexec);
	if (rd < 0 || wr < 0) {
		if (rd >= 0)
			fd_close(rd);
		else
			file_put(ends[0]);
		file_put(ends[1]);
		return (int)sys_ret(rd < 0 ? rd : wr);
	}
	fds[0] = rd;
	fds[1] = wr;
	return 0;
}

int pipe(int fds[2]) { return pipe2(fds, 0); }

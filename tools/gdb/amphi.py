# Amphi's gdb commands, for an image stopped under QEMU's gdb stub.
# tools/debug (make debug) loads this file; by hand: source tools/gdb/amphi.py
#
#   amphi-threads   every thread: number, name, state, what it waits on, and
#                   its registers (saved by arch_switch, live for the thread
#                   on the CPU)
#   amphi-bt N      the backtrace of thread N (a number from amphi-threads),
#                   walked from its saved context along the frame pointers
#   amphi-mem       physical pages free and total, the C heap's size
#
# It reads the kernel's own structures (kernel/sched_internal.h: struct
# thread, the all_threads list of kernel/sched.c; arch/x86/switch.S: the
# switch frame) and never runs guest code.
import struct

import gdb

STATES = ("runnable", "running", "blocked", "dead")  # enum thread_state
# arch_switch's frame, from the saved stack pointer up: MXCSR + x87 control
# word (8 bytes), r15, r14, r13, r12, rbx, rbp, then the return address.
SWITCH_REGS = ("r15", "r14", "r13", "r12", "rbx", "rbp")
SWITCH_FRAME = 8 + 8 * len(SWITCH_REGS)
# Frames that only say "this thread is switched out"; what it waits in is the
# first frame below them.
SCHED_FUNCS = {"arch_switch", "sched_switch", "sched_block", "waitq_wait", "thread_sleep_until",
               "thread_sleep_ns"}
MAX_FRAMES = 64
U64_MAX = 2**64 - 1
TIMER_IDLE = U64_MAX  # kernel/timer.h: not queued


def u64(addr):
    """The 8 bytes at guest address addr (gdb.MemoryError if unmapped)."""
    return struct.unpack("<Q", gdb.selected_inferior().read_memory(addr, 8))[0]


def threads():
    """[(number, struct thread value)] in creation order, from 1."""
    head = gdb.parse_and_eval("&'sched.c'::all_threads")
    tptr = gdb.lookup_type("struct thread").pointer()
    off = next(f.bitpos // 8 for f in tptr.target().fields() if f.name == "all")
    out, node = [], head["next"]
    while int(node) != int(head):
        if len(out) >= 100000:
            raise gdb.GdbError("amphi: the thread list does not end (memory corrupted?)")
        out.append((len(out) + 1, gdb.Value(int(node) - off).cast(tptr).dereference()))
        node = node["next"]
    return out


def on_cpu(t):
    return int(t.address) == int(gdb.parse_and_eval("current"))


def function_at(pc):
    """'name' of the function holding pc, or '??'."""
    try:
        block = gdb.block_for_pc(pc)
    except RuntimeError:
        block = None
    while block is not None and block.function is None:
        block = block.superblock
    if block is not None:
        return block.function.print_name
    sym = gdb.execute("info symbol %d" % pc, to_string=True)
    return sym.split(" ")[0] if not sym.startswith("No symbol") else "??"


def where(pc):
    sal = gdb.find_pc_line(pc)
    if sal.symtab is None:
        return ""
    return " at %s:%d" % (sal.symtab.filename, sal.line)


def saved_frames(t):
    """Return addresses from a switched-out thread's stack: the first is
    arch_switch's own (in sched_switch), then one per frame-pointer link."""
    sp = int(t["sp"])
    pcs, rbp = [u64(sp + SWITCH_FRAME)], u64(sp + SWITCH_FRAME - 8)
    while rbp and len(pcs) < MAX_FRAMES:
        try:
            ret, rbp = u64(rbp + 8), u64(rbp)
        except gdb.MemoryError:
            break
        if not ret:
            break
        pcs.append(ret)
    return pcs


def frame_pcs(t):
    """Call sites of thread t, innermost first (pc - 1 of each return address,
    so that the line is the call's, not the next one's)."""
    if on_cpu(t):
        pcs, f = [], gdb.newest_frame()
        while f is not None and f.pc() and len(pcs) < MAX_FRAMES:
            pcs.append(f.pc() if not pcs else f.pc() - 1)
            f = f.older()
        return pcs
    return [pc - 1 for pc in saved_frames(t)]


def waits_on(t, all_threads):
    """What a blocked thread waits for, in words."""
    wq, timer = int(t["waiting_on"]), t["wake_timer"]
    armed = int(timer["heap_index"]) & U64_MAX != TIMER_IDLE
    deadline = " until %.3f s after boot" % (int(timer["deadline"]) / 1e9) if armed else ""
    if not wq:
        what = "sleeping" + deadline
    else:
        what = None
        for n, other in all_threads:
            if int(other["joiners"].address) == wq:
                what = "joining thread %d '%s'" % (n, other["name"].string())
                break
        if what is None:
            sym = gdb.execute("info symbol %d" % wq, to_string=True).strip()
            what = "wait queue 0x%x%s" % (wq, "" if sym.startswith("No symbol") else " (%s)" % sym.split(" in section")[0])
        what += (", timeout" + deadline) if deadline else ""
    # Where it blocked: the first frame outside the scheduler (for the thread
    # on the CPU, below its sched_switch: above are the idle loop's frames).
    fns = [function_at(pc) for pc in frame_pcs(t)]
    if "sched_switch" in fns:
        fns = fns[fns.index("sched_switch"):]
    outside = [fn for fn in fns if fn not in SCHED_FUNCS]
    return "%s, in %s()" % (what, outside[0]) if outside else what


def registers(t):
    if on_cpu(t):
        names = ("rip", "rsp", "rbp", "rbx", "r12", "r13", "r14", "r15")
        vals = [int(gdb.parse_and_eval("$" + r)) & U64_MAX for r in names]
    else:
        sp = int(t["sp"])
        saved = {r: u64(sp + 8 + 8 * i) for i, r in enumerate(SWITCH_REGS)}
        names = ("rip", "rsp") + tuple(reversed(SWITCH_REGS))
        vals = [u64(sp + SWITCH_FRAME), sp + SWITCH_FRAME + 8] + [saved[r] for r in names[2:]]
    return "  ".join("%s %016x" % nv for nv in zip(names, vals))


class Threads(gdb.Command):
    """List Amphi's threads: number, name, state, what it waits on, registers.
The thread on the CPU is marked '*'; its registers are the live ones, the
others' those arch_switch saved (rip is where it will resume)."""

    def __init__(self):
        super().__init__("amphi-threads", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        ts = threads()
        for n, t in ts:
            state = int(t["state"])
            name = STATES[state] if 0 <= state < len(STATES) else "state %d?" % state
            if state == 2:
                name += ": " + waits_on(t, ts)
            cpu = on_cpu(t)
            if cpu and state != 1:
                name += " (on the CPU, switching away)"
            print("%s%-3d %-16s %s" % ("*" if cpu else " ", n, "'%s'" % t["name"].string(), name))
            if state != 3:
                print("      " + registers(t))


class Backtrace(gdb.Command):
    """amphi-bt N: backtrace of Amphi thread N (numbers from amphi-threads).
A switched-out thread's frames are walked from the context arch_switch
saved, along the frame pointers every Amphi image keeps."""

    def __init__(self):
        super().__init__("amphi-bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        ts = threads()
        try:
            n = int(arg)
            t = ts[n - 1][1]
            if n < 1:
                raise IndexError
        except (ValueError, IndexError):
            raise gdb.GdbError("usage: amphi-bt N, N a thread number from amphi-threads (1..%d)" % len(ts))
        if int(t["state"]) == 3:
            raise gdb.GdbError("thread %d '%s' has ended" % (n, t["name"].string()))
        if on_cpu(t):
            print("thread %d '%s' is on the CPU: gdb's own backtrace" % (n, t["name"].string()))
            gdb.execute("backtrace")
            return
        for i, ret in enumerate(saved_frames(t)):
            print("#%-2d 0x%016x in %s ()%s" % (i, ret, function_at(ret - 1), where(ret - 1)))


class Memory(gdb.Command):
    """amphi-mem: physical pages free and in all, and the size of the C heap
(newlib's malloc arena, grown through sbrk)."""

    def __init__(self):
        super().__init__("amphi-mem", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        free = int(gdb.parse_and_eval("'pmem.c'::nfree"))
        total = int(gdb.parse_and_eval("'pmem.c'::ntotal"))
        print("pages: %d free of %d (%d KiB free of %d KiB)" % (free, total, free * 4, total * 4))
        # newlib's malloc keeps the bytes it took from sbrk up to date (the
        # rest of its mallinfo only when mallinfo() is called).
        arena = int(gdb.parse_and_eval("__malloc_current_mallinfo.arena"))
        peak = int(gdb.parse_and_eval("__malloc_max_sbrked_mem"))
        base = int(gdb.parse_and_eval("(unsigned long)__malloc_sbrk_base"))
        where = " at 0x%x" % base if base not in (0, U64_MAX) else ""
        print("heap: %d bytes%s (newlib's malloc arena, from sbrk), at most %d so far" % (arena, where, peak))


Threads()
Backtrace()
Memory()

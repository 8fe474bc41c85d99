#!/usr/bin/env python3
"""Host-side checks of Amphi's echo and httpd apps (or their host builds)
over 127.0.0.1; every wait is bounded. Exit 0 when all matched.

  nettest.py http WWW_DIR PORT        raw-request cases, then LOAD_REQUESTS
                                      (2000) requests at LOAD_CONCURRENCY (32)
  nettest.py tcp-echo PORT            STREAM_MIB (32) MiB through one
                                      connection (sha256), then TCP_CONNS (64)
                                      concurrent connections of CONN_KIB (256)
  nettest.py udp-echo PORT            UDP_COUNT (10000) datagrams of 1..1472
                                      bytes, UDP_WINDOW (32) in flight
  nettest.py get PORT PATH            print one page's body
  nettest.py throughput PORT MIB      MIB MiB through one echo connection;
                                      prints MiB/s (bench/net/run)
"""
import hashlib
import os
import random
import socket
import sys
import threading
import time

HOST = os.environ.get("AMPHI_HOST", "127.0.0.1")  # tests/lib/qemu-case sets it for "net tap"
IO_TIMEOUT = float(os.environ.get("IO_TIMEOUT", "30"))
failures = []
lock = threading.Lock()


def fail(msg):
    with lock:
        failures.append(msg)
    print("FAIL: " + msg, flush=True)


def done(name):
    if failures:
        print("%s: %d failure(s)" % (name, len(failures)), flush=True)
        sys.exit(1)
    print("%s: all ok" % name, flush=True)
    sys.exit(0)


def connect(port):
    s = socket.create_connection((HOST, port), timeout=IO_TIMEOUT)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


# Concurrent clients open their connections one at a time, each held until
# its first reply: QEMU's user network (slirp) listens on the forwarded port
# with a backlog of 1, so a burst of connects overflows the host kernel's
# accept queue and some are reset before the guest ever sees a SYN (checked
# with a packet dump at the guest: no RST from it). The traffic that follows
# is fully concurrent.
connect_turn = threading.Lock()


# ---------------- HTTP ----------------

class Reader:
    """Buffered reads of HTTP responses from one socket."""

    def __init__(self, s):
        self.s, self.buf = s, b""

    def fill(self):
        d = self.s.recv(65536)
        if not d:
            raise EOFError("connection closed")
        self.buf += d

    def line(self):
        while b"\r\n" not in self.buf:
            self.fill()
        l, self.buf = self.buf.split(b"\r\n", 1)
        return l

    def exact(self, n):
        while len(self.buf) < n:
            self.fill()
        d, self.buf = self.buf[:n], self.buf[n:]
        return d

    def response(self, head=False):
        """(status, {lowercase header: value}, body)"""
        status_line = self.line().decode("latin-1")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise ValueError("bad status line %r" % status_line)
        headers = {}
        while True:
            l = self.line().decode("latin-1")
            if not l:
                break
            k, _, v = l.partition(":")
            headers[k.strip().lower()] = v.strip()
        if "content-length" not in headers:
            raise ValueError("no Content-Length in %r" % status_line)
        n = int(headers["content-length"])
        body = b"" if head else self.exact(n)
        return int(parts[1]), headers, body

    def closed(self, wait=5.0):
        """True when the peer closes with nothing more sent."""
        if self.buf:
            return False
        self.s.settimeout(wait)
        try:
            return self.s.recv(1) == b""
        except (socket.timeout, ConnectionResetError):
            return False


def load_pages(www):
    pages = {}
    for name in sorted(os.listdir(www)):
        with open(os.path.join(www, name), "rb") as f:
            pages["/" + name] = f.read()
    pages["/"] = pages["/index.html"]
    return pages


TYPES = {".html": "text/html", ".css": "text/css", ".bin": "application/octet-stream"}


def check_page(path, pages, st, h, body, head=False):
    want = pages[path]
    if st != 200:
        return fail("%s: status %d" % (path, st))
    if int(h["content-length"]) != len(want):
        return fail("%s: Content-Length %s, expected %d" % (path, h["content-length"], len(want)))
    if not head and body != want:
        return fail("%s: body differs from the file" % path)
    ext = os.path.splitext(path if path != "/" else "/index.html")[1]
    if not h.get("content-type", "").startswith(TYPES.get(ext, "?")):
        return fail("%s: Content-Type %r" % (path, h.get("content-type")))
    return True


def raw(port, data, label):
    """Send DATA on a fresh connection; return (Reader) for the replies."""
    s = connect(port)
    s.sendall(data)
    return Reader(s)


def http_cases(port, pages):
    ok = 0
    def case(label, fn):
        nonlocal ok
        before = len(failures)
        try:
            if fn() is not False and len(failures) == before:
                ok += 1
                print("  ok   %s" % label, flush=True)
            else:
                print("  FAIL %s" % label, flush=True)
        except Exception as e:  # noqa: BLE001
            fail("%s: %s: %s" % (label, type(e).__name__, e))

    def c_404_keepalive():
        r = raw(port, b"GET /no/such/page HTTP/1.1\r\nHost: x\r\n\r\n", "404")
        st, h, body = r.response()
        if st != 404 or len(body) != int(h["content-length"]):
            return fail("404 case: status %d" % st) and False
        r.s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")  # still open after a 404
        st, h, body = r.response()
        return check_page("/", pages, st, h, body) or False

    def c_400(req, label):
        def f():
            r = raw(port, req, label)
            st, h, body = r.response()
            if st != 400:
                return fail("%s: status %d, expected 400" % (label, st)) and False
            if not r.closed():
                return fail("%s: connection not closed after 400" % label) and False
        return f

    def c_head():
        r = raw(port, b"HEAD /big.html HTTP/1.1\r\nHost: x\r\n\r\nGET /index.html HTTP/1.1\r\nHost: x\r\n\r\n", "head")
        st, h, body = r.response(head=True)
        if not check_page("/big.html", pages, st, h, body, head=True):
            return False
        st, h, body = r.response()  # a body after HEAD would garble this one
        return check_page("/index.html", pages, st, h, body) or False

    def c_pipeline():
        paths = ["/index.html", "/bytes.bin", "/big.html", "/style.css", "/"] * 4
        req = b"".join(b"GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % p.encode() for p in paths)
        r = raw(port, req, "pipeline")
        for p in paths:
            st, h, body = r.response()
            if not check_page(p, pages, st, h, body):
                return False

    def c_close(req, label):
        def f():
            r = raw(port, req, label)
            st, h, body = r.response()
            if not check_page("/index.html", pages, st, h, body):
                return False
            if not r.closed():
                return fail("%s: connection not closed" % label) and False
        return f

    def c_status(req, want, label):
        def f():
            st, h, body = raw(port, req, label).response()
            if st != want:
                return fail("%s: status %d, expected %d" % (label, st, want)) and False
        return f

    def c_split():
        # A request arriving a few bytes at a time.
        s = connect(port)
        req = b"GET /style.css HTTP/1.1\r\nHost: x\r\nUser-Agent: slow\r\n\r\n"
        for i in range(0, len(req), 7):
            s.sendall(req[i:i + 7])
            time.sleep(0.01)
        st, h, body = Reader(s).response()
        return check_page("/style.css", pages, st, h, body) or False

    case("404 for an unknown path, connection kept", c_404_keepalive)
    case("400 for a garbage request line", c_400(b"GARBAGE\r\n\r\n", "garbage line"))
    case("400 for a request line without version", c_400(b"GET /\r\n\r\n", "no version"))
    case("400 for a target not starting with /", c_400(b"GET index.html HTTP/1.1\r\n\r\n", "bad target"))
    case("400 for a header line without colon", c_400(b"GET / HTTP/1.1\r\nHost x\r\n\r\n", "no colon"))
    case("400 for oversize headers (16 KiB)", c_400(b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 16384 + b"\r\n\r\n", "oversize"))
    case("400 for a NUL byte in the request", c_400(b"GET /\0 HTTP/1.1\r\n", "nul"))
    case("400 for a bad Content-Length", c_400(b"GET / HTTP/1.1\r\nContent-Length: x1\r\n\r\n", "bad length"))
    case("505 for HTTP/2.0", c_status(b"GET / HTTP/2.0\r\n\r\n", 505, "http/2"))
    case("501 for POST", c_status(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", 501, "post"))
    case("HEAD: headers only, Content-Length of the page", c_head)
    case("20 pipelined requests answered in order", c_pipeline)
    case("request split into 7-byte pieces", c_split)
    case("Connection: close closes", c_close(b"GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "close"))
    case("HTTP/1.0 closes", c_close(b"GET /index.html HTTP/1.0\r\n\r\n", "http/1.0"))
    case("HTTP/1.1 without Host accepted", c_status(b"GET / HTTP/1.1\r\n\r\n", 200, "no host"))
    case("query string ignored", c_status(b"GET /index.html?x=1 HTTP/1.1\r\nHost: x\r\n\r\n", 200, "query"))
    return ok


def http_load(port, pages, total, conc):
    paths = ["/", "/index.html", "/big.html", "/bytes.bin", "/style.css", "/missing"]
    counter = {"next": 0, "ok": 0}
    deadline = time.time() + float(os.environ.get("LOAD_DEADLINE", "300"))

    def take():
        with lock:
            if counter["next"] >= total:
                return None
            counter["next"] += 1
            return counter["next"]

    def worker(wid):
        rng = random.Random(wid)
        r = None
        per_conn = 0
        while time.time() < deadline:
            n = take()
            if n is None:
                break
            path = rng.choice(paths)
            head = rng.random() < 0.05
            # every connection serves up to 50 requests, the last asking to close
            last = per_conn == 49
            try:
                fresh = r is None
                if fresh:
                    connect_turn.acquire()
                req = "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n" % (
                    "HEAD" if head else "GET", path, "Connection: close\r\n" if last else "")
                try:
                    if fresh:
                        r = Reader(connect(port))
                        per_conn = 0
                    r.s.sendall(req.encode())
                    st, h, body = r.response(head=head)
                finally:
                    if fresh:
                        connect_turn.release()
                if path == "/missing":
                    good = st == 404
                    if not good:
                        fail("load: %s: status %d" % (path, st))
                else:
                    good = check_page(path, pages, st, h, body, head=head)
                if good:
                    with lock:
                        counter["ok"] += 1
                per_conn += 1
                if last:
                    r.closed()
                    r.s.close()
                    r = None
            except Exception as e:  # noqa: BLE001
                fail("load: request %d (%s): %s: %s" % (n, path, type(e).__name__, e))
                if r:
                    r.s.close()
                r = None
        if r:
            r.s.close()

    t0 = time.time()
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(conc)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    dt = time.time() - t0
    print("  load: %d/%d requests correct at concurrency %d in %.1f s (%.0f req/s)" % (
        counter["ok"], total, conc, dt, counter["ok"] / dt), flush=True)
    if counter["ok"] != total:
        fail("load: %d of %d requests correct" % (counter["ok"], total))


def cmd_http(www, port):
    pages = load_pages(www)
    http_cases(port, pages)
    http_load(port, pages, int(os.environ.get("LOAD_REQUESTS", "2000")),
              int(os.environ.get("LOAD_CONCURRENCY", "32")))
    done("http")


def cmd_get(port, path):
    r = Reader(connect(port))
    r.s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode())
    st, h, body = r.response()
    sys.stdout.buffer.write(body)
    sys.exit(0 if st == 200 else 1)


# ---------------- TCP echo ----------------

def stream(port, data, label, chunk=65536, paced=False):
    """Send DATA through one connection while reading the echo; return the
    sha256 of what came back. PACED: open it in turn (see connect_turn),
    proven by one byte echoed before DATA."""
    if paced:
        with connect_turn:
            try:
                s = connect(port)
                s.sendall(b"!")
                if s.recv(1) != b"!":
                    raise ConnectionError("the first byte did not come back")
            except Exception as e:  # noqa: BLE001
                fail("%s: opening: %s: %s" % (label, type(e).__name__, e))
                return None
    else:
        s = connect(port)
    got = hashlib.sha256()
    received = [0]
    err = []

    def rx():
        try:
            while received[0] < len(data):
                d = s.recv(262144)
                if not d:
                    break
                got.update(d)
                received[0] += len(d)
        except Exception as e:  # noqa: BLE001
            err.append(e)

    t = threading.Thread(target=rx)
    t.start()
    try:
        for i in range(0, len(data), chunk):
            s.sendall(data[i:i + chunk])
        s.shutdown(socket.SHUT_WR)
    except Exception as e:  # noqa: BLE001
        err.append(e)
    t.join(IO_TIMEOUT * 4)
    s.close()
    if err:
        fail("%s: %s: %s" % (label, type(err[0]).__name__, err[0]))
    if received[0] != len(data):
        fail("%s: %d of %d bytes came back" % (label, received[0], len(data)))
    return got.hexdigest()


def cmd_tcp_echo(port):
    mib = int(os.environ.get("STREAM_MIB", "32"))
    data = random.Random(7).randbytes(mib << 20)
    want = hashlib.sha256(data).hexdigest()
    t0 = time.time()
    got = stream(port, data, "stream")
    dt = time.time() - t0
    print("  stream: %d MiB in %.1f s (%.1f MiB/s), sha256 %s" % (
        mib, dt, mib / dt, "identical" if got == want else "DIFFERS"), flush=True)
    if got != want:
        fail("stream: sha256 %s, expected %s" % (got, want))

    conns = int(os.environ.get("TCP_CONNS", "64"))
    kib = int(os.environ.get("CONN_KIB", "256"))
    results = {}

    def one(i):
        d = random.Random(1000 + i).randbytes(kib << 10)
        results[i] = stream(port, d, "conn %d" % i, chunk=4096,
                            paced=True) == hashlib.sha256(d).hexdigest()

    t0 = time.time()
    ts = [threading.Thread(target=one, args=(i,)) for i in range(conns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    good = sum(1 for v in results.values() if v)
    print("  concurrent: %d/%d connections of %d KiB echoed exactly in %.1f s" % (
        good, conns, kib, time.time() - t0), flush=True)
    if good != conns:
        fail("concurrent: %d of %d connections echoed exactly" % (good, conns))
    done("tcp-echo")


# ---------------- UDP echo ----------------

def cmd_udp_echo(port):
    count = int(os.environ.get("UDP_COUNT", "10000"))
    window = int(os.environ.get("UDP_WINDOW", "32"))
    retries = int(os.environ.get("UDP_RETRIES", "5"))
    rng = random.Random(1472)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.connect((HOST, port))
    sizes = [1472, 4, 5] + [rng.randint(4, 1472) for _ in range(count - 3)]
    payload = [i.to_bytes(4, "big") + rng.randbytes(sizes[i] - 4) for i in range(count)]
    outstanding = {}  # seq -> (sent time, tries)
    echoed = [False] * count
    nxt = 0
    resent = bad = 0
    t0 = time.time()
    deadline = t0 + float(os.environ.get("UDP_DEADLINE", "300"))
    s.settimeout(0.2)
    while (nxt < count or outstanding) and time.time() < deadline:
        while nxt < count and len(outstanding) < window:
            s.send(payload[nxt])
            outstanding[nxt] = (time.time(), 0)
            nxt += 1
        try:
            d = s.recv(65536)
        except socket.timeout:
            d = None
        except ConnectionRefusedError:
            d = None
            time.sleep(0.1)
        if d is not None:
            seq = int.from_bytes(d[:4], "big") if len(d) >= 4 else -1
            if 0 <= seq < count and d == payload[seq]:
                if not echoed[seq]:
                    echoed[seq] = True
                    outstanding.pop(seq, None)
            else:
                bad += 1
                fail("udp: an echo matching no datagram sent (%d bytes)" % len(d))
        now = time.time()
        for seq, (ts, tries) in list(outstanding.items()):
            if now - ts > 1.0:
                if tries >= retries:
                    fail("udp: datagram %d (%d bytes) never echoed" % (seq, sizes[seq]))
                    del outstanding[seq]
                else:
                    s.send(payload[seq])
                    outstanding[seq] = (now, tries + 1)
                    resent += 1
    n_ok = sum(echoed)
    dt = time.time() - t0
    print("  udp: %d/%d datagrams (4..1472 bytes) echoed exactly in %.1f s, %d resent, %d bad" % (
        n_ok, count, dt, resent, bad), flush=True)
    if n_ok != count:
        fail("udp: %d of %d datagrams echoed" % (n_ok, count))
    done("udp-echo")


def cmd_throughput(port, mib):
    data = random.Random(3).randbytes(mib << 20)
    t0 = time.time()
    got = stream(port, data, "throughput")
    dt = time.time() - t0
    if failures or got != hashlib.sha256(data).hexdigest():
        print("throughput: the echo differs", file=sys.stderr)
        sys.exit(1)
    print("%.1f" % (mib / dt))


def main():
    a = sys.argv[1:]
    if a[:1] == ["http"] and len(a) == 3:
        cmd_http(a[1], int(a[2]))
    elif a[:1] == ["tcp-echo"] and len(a) == 2:
        cmd_tcp_echo(int(a[1]))
    elif a[:1] == ["udp-echo"] and len(a) == 2:
        cmd_udp_echo(int(a[1]))
    elif a[:1] == ["throughput"] and len(a) == 3:
        cmd_throughput(int(a[1]), int(a[2]))
    elif a[:1] == ["get"] and len(a) == 3:
        cmd_get(int(a[1]), a[2])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()

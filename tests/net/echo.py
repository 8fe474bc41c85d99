#!/usr/bin/env python3
"""Exchange raw Ethernet frames with the netecho guest over QEMU's
`-netdev dgram` (one UDP datagram per frame, 127.0.0.1 only), or with
TAP=IFNAME over a tap device (AF_PACKET; run by tap-test in its own network
namespace; GUEST_PORT and HOST_PORT are then ignored).

  echo.py GUEST_PORT HOST_PORT GUEST_MAC [FRAMES]

1. FRAMES frames (default 1000) of sizes 60..1514, one at a time: each echo
   must be the frame with its MAC addresses swapped, byte for byte.
2. Garbage: 1-byte and 13-byte datagrams, frames larger than any MTU,
   a frame with a garbage header; then ordinary frames must still echo.
3. Throughput: frames kept 32 in flight; every echo checked; prints frames/s.
4. TAP only: UDP datagrams from the host's own stack (10.0.0.1 -> 10.0.0.2),
   which reach the guest with the checksum left to it (VIRTIO_NET_HDR_F_
   NEEDS_CSUM) when it negotiated GUEST_CSUM: every echo must carry a
   correct UDP checksum.
Exit status 0 when everything matched; messages say what did not.
"""
import os
import random
import socket
import sys
import time

HOST_MAC = bytes.fromhex("020000000001")
ETHERTYPE = b"\x88\xb5"  # IEEE local experimental
TIMEOUT = 5.0


def fail(msg):
    print("echo.py: FAIL: " + msg, flush=True)
    sys.exit(1)


def frame(dst, seq, size, rng):
    head = dst + HOST_MAC + ETHERTYPE + seq.to_bytes(4, "big")
    return head + bytes(rng.getrandbits(8) for _ in range(size - len(head)))


def swapped(f):
    return f[6:12] + f[0:6] + f[12:]


class Link:
    def __init__(self, guest_port, host_port):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.s.bind(("127.0.0.1", host_port))
        self.guest = ("127.0.0.1", guest_port)

    def send(self, data):
        self.s.sendto(data, self.guest)

    def recv(self, timeout):
        self.s.settimeout(timeout)
        try:
            data, addr = self.s.recvfrom(70000)
        except socket.timeout:
            return None
        return data

    def drain(self, quiet=0.3):
        got = []
        while True:
            d = self.recv(quiet)
            if d is None:
                return got
            got.append(d)


class TapLink(Link):
    """Frames on a tap interface; only our EtherType counts (the host's own
    stack sends router solicitations and the like, which the guest echoes)."""

    def __init__(self, ifname):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.s.bind((ifname, 0))
        self.ifname = ifname

    def send(self, data):
        try:
            self.s.send(data)
        except OSError:
            pass  # the host refuses runts and frames over its MTU; fine

    def recv(self, timeout, ethertype=ETHERTYPE):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                data, addr = self.s.recvfrom(70000)
            except socket.timeout:
                return None
            if addr[2] == socket.PACKET_OUTGOING:
                continue  # our own frame on its way to the guest
            if data[12:14] == ethertype:
                return data


def ones_sum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(int.from_bytes(b[i:i + 2], "big") for i in range(0, len(b), 2))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def udp_checksums(link, n):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("10.0.0.1", 0))
    for i in range(n):
        payload = bytes((i + k) & 0xff for k in range(1 + i * 37 % 1400))
        u.sendto(payload, ("10.0.0.2", 9999))
        while True:
            f = link.recv(TIMEOUT, ethertype=b"\x08\x00")
            if f is None:
                fail(f"udp {i}: no echo")
            ihl = (f[14] & 15) * 4
            if f[23] == 17 and f[14 + ihl + 2:14 + ihl + 4] == (9999).to_bytes(2, "big"):
                break
        ip, udp = f[14:14 + ihl], f[14 + ihl:]
        udp = udp[:int.from_bytes(udp[4:6], "big")]
        pseudo = ip[12:20] + b"\0\x11" + len(udp).to_bytes(2, "big")
        if udp[8:] != payload or ones_sum(pseudo + udp) != 0xffff:
            fail(f"udp {i} ({len(payload)} bytes): echo has a bad checksum or payload")


def one_by_one(link, mac, n, rng, first_seq):
    for i in range(n):
        size = 60 + (i * 1454) // max(n - 1, 1) if i % 2 == 0 else rng.randint(60, 1514)
        dst = mac if i % 3 else b"\xff" * 6
        f = frame(dst, first_seq + i, size, rng)
        link.send(f)
        echo = link.recv(TIMEOUT)
        if echo is None:
            fail(f"frame {i} ({size} bytes): no echo within {TIMEOUT}s")
        if echo != swapped(f):
            diff = next((k for k in range(min(len(echo), len(f))) if echo[k] != swapped(f)[k]), None)
            fail(f"frame {i} ({size} bytes): echo differs (got {len(echo)} bytes, first difference at {diff})")


def garbage(link, mac, rng):
    # No empty datagram: QEMU's dgram backend takes it for the end of the
    # connection and stops reading its socket.
    bad = [b"\x01", bytes(13), mac + HOST_MAC + b"\x08",
           frame(mac, 0xdead, 1600, rng), frame(mac, 0xbeef, 9000, rng),
           frame(mac, 0xf00d, 65000, rng), bytes(rng.getrandbits(8) for _ in range(100))]
    for b in bad:
        link.send(b)
    replies = link.drain()
    # Nothing but echoes of what we sent may come back: runts never, frames
    # over the MTU only when the device's MTU allows them, and the 100 random
    # bytes are a frame too, as far as Ethernet knows.
    allowed = {swapped(b) for b in bad if len(b) >= 14}
    for r in replies:
        if r not in allowed:
            fail(f"garbage: unexpected {len(r)}-byte reply")
    return len(replies)


def pipelined(link, mac, n, window, rng):
    frames = [frame(mac, 100000 + i, rng.randint(60, 1514), rng) for i in range(n)]
    expect = {}
    sent = done = 0
    start = time.monotonic()
    while done < n:
        while sent < n and sent - done < window:
            link.send(frames[sent])
            expect[frames[sent][14:18]] = swapped(frames[sent])
            sent += 1
        echo = link.recv(TIMEOUT)
        if echo is None:
            fail(f"throughput: {n - done} of {n} echoes missing after {TIMEOUT}s")
        want = expect.pop(echo[14:18], None)
        if want is None or echo != want:
            fail("throughput: an echo does not match the frame sent")
        done += 1
    return n / (time.monotonic() - start)


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(2)
    guest_port, host_port = int(sys.argv[1]), int(sys.argv[2])
    mac = bytes.fromhex(sys.argv[3].replace(":", ""))
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    rng = random.Random(int(os.environ.get("SEED", "1")))
    tap = os.environ.get("TAP")
    link = TapLink(tap) if tap else Link(guest_port, host_port)
    start = time.monotonic()
    one_by_one(link, mac, n, rng, 0)
    rate = n / (time.monotonic() - start)
    print(f"echo.py: {n} frames of 60..1514 bytes echoed exactly ({rate:.0f} round trips/s)",
          flush=True)
    replies = garbage(link, mac, rng)
    one_by_one(link, mac, 20, rng, 50000)
    print(f"echo.py: garbage survived ({replies} well-formed replies), echo still works", flush=True)
    rate = pipelined(link, mac, int(os.environ.get("PIPELINED", "2000")), 32, rng)
    print(f"echo.py: throughput {rate:.0f} frames/s (32 in flight)", flush=True)
    if tap:
        udp_checksums(link, 50)
        print("echo.py: 50 UDP datagrams from the host stack echoed with correct checksums",
              flush=True)
    print("echo.py: ok", flush=True)


if __name__ == "__main__":
    main()

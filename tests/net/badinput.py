#!/usr/bin/env python3
"""Hostile frames for the httpd guest over QEMU's `-netdev dgram` (one UDP
datagram per Ethernet frame, 127.0.0.1 only), then proof that it still serves.

  badinput.py GUEST_UDP_PORT HOST_UDP_PORT GUEST_MAC HTTP_PORT INDEX_FILE

We are 10.0.0.1 (MAC 02:00:00:00:00:01); the guest is 10.0.0.2. A tiny TCP
client written here over raw frames (answering the guest's ARP requests)
fetches / before and after:
  1. garbage: random frames of 1..1514 bytes, runt frames, unknown EtherTypes;
  2. truncated or inconsistent headers: ARP, IPv4 (short, IHL < 5, IHL past
     the end, total length past or short of the frame, bad checksum, odd
     fragments, options), TCP (short, data offset < 5 or past the end, bad
     checksum, every flag combination), UDP, ICMP, IPv6;
  3. a SYN flood: SYN_FLOOD (10000) SYNs to HTTP_PORT from random ports of
     our address and of 200 absent addresses;
then GET / must return 200 and the exact bytes of INDEX_FILE (retrying the
connection for up to RECOVER_SECONDS, 90). Exit 0 on success.
"""
import os
import random
import socket
import struct
import sys
import time

OUR_MAC = bytes.fromhex("020000000001")
OUR_IP = bytes([10, 0, 0, 1])
GUEST_IP = bytes([10, 0, 0, 2])
BCAST = b"\xff" * 6
DEBUG = os.environ.get("DEBUG") == "1"


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


class Link:
    def __init__(self, guest_port, host_port, guest_mac):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
        self.s.bind(("127.0.0.1", host_port))
        self.guest = ("127.0.0.1", guest_port)
        self.gmac = guest_mac
        self.arp_answers = 0

    def send(self, frame):
        try:
            self.s.sendto(frame, self.guest)
        except OSError:
            time.sleep(0.001)

    def eth(self, ethertype, payload, dst=None):
        return (dst or self.gmac) + OUR_MAC + struct.pack("!H", ethertype) + payload

    def recv(self, timeout):
        """Next frame not handled here (ARP requests for us are answered)."""
        end = time.time() + timeout
        while True:
            left = end - time.time()
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                f, _ = self.s.recvfrom(65536)
            except socket.timeout:
                return None
            if len(f) >= 42 and f[12:14] == b"\x08\x06" and f[20:22] == b"\x00\x01" and f[38:42] == OUR_IP:
                # ARP request for 10.0.0.1: answer.
                arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + OUR_MAC + OUR_IP + f[22:28] + f[28:32]
                self.send(self.eth(0x0806, arp, dst=f[6:12]))
                self.arp_answers += 1
                continue
            return f

    def drain(self):
        while self.recv(0.05) is not None:
            pass


def ipv4(payload, proto, src=OUR_IP, dst=GUEST_IP, ident=0, flags_frag=0x4000, ttl=64):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, flags_frag, ttl, proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def tcp_seg(sport, dport, seq, ack, flags, data=b"", src=OUR_IP, dst=GUEST_IP, win=65535, opts=b""):
    off = (20 + len(opts)) // 4
    h = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags, win, 0, 0) + opts
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(h) + len(data))
    c = csum(pseudo + h + data)
    return h[:16] + struct.pack("!H", c) + h[18:] + data


FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16


def parse_tcp(f):
    """(sport, dport, seq, ack, flags, data) of a TCP/IPv4 frame from the guest, else None."""
    if len(f) < 34 or f[12:14] != b"\x08\x00":
        return None
    ip = f[14:]
    ihl = (ip[0] & 15) * 4
    if ip[9] != 6 or ip[12:16] != GUEST_IP or ip[16:20] != OUR_IP:
        return None
    total = struct.unpack("!H", ip[2:4])[0]
    t = ip[ihl:total]
    if len(t) < 20:
        return None
    sport, dport, seq, ack, off, flags = struct.unpack("!HHIIBB", t[:14])
    return sport, dport, seq, ack, flags, t[(off >> 4) * 4:]


def http_get(link, port, path, timeout=20.0):
    """One HTTP/1.1 GET over a hand-made TCP connection; the raw response bytes,
    or None when the guest did not complete it in time."""
    sport = random.randint(20000, 60000)
    iss = random.getrandbits(32)
    t_end = time.time() + timeout
    syn_opts = struct.pack("!BBH", 2, 4, 1460)  # MSS 1460
    # handshake
    irs = None
    while irs is None and time.time() < t_end:
        link.send(link.eth(0x0800, ipv4(tcp_seg(sport, port, iss, 0, SYN, opts=syn_opts), 6)))
        stop = time.time() + 1.0
        while time.time() < stop:
            f = link.recv(stop - time.time())
            p = f and parse_tcp(f)
            if DEBUG and f:
                print("  rx %d bytes type %s: %s" % (len(f), f[12:14].hex(), p or f[14:54].hex()), flush=True)
            if p and p[0] == port and p[1] == sport and p[4] & (SYN | ACK) == SYN | ACK and p[3] == (iss + 1) & 0xFFFFFFFF:
                irs = p[2]
                break
    if irs is None:
        return None
    snd = iss + 1
    rcv = irs + 1
    req = ("GET %s HTTP/1.1\r\nHost: 10.0.0.2\r\nConnection: close\r\n\r\n" % path).encode()
    link.send(link.eth(0x0800, ipv4(tcp_seg(sport, port, snd, rcv, ACK), 6)))
    link.send(link.eth(0x0800, ipv4(tcp_seg(sport, port, snd, rcv, PSH | ACK, req), 6)))
    data = b""
    acked_req = False
    last_tx = time.time()
    while time.time() < t_end:
        f = link.recv(0.5)
        p = f and parse_tcp(f)
        if not p:
            if not acked_req and time.time() - last_tx > 1.0:  # request lost: resend
                link.send(link.eth(0x0800, ipv4(tcp_seg(sport, port, snd, rcv, PSH | ACK, req), 6)))
                last_tx = time.time()
            continue
        if p[0] != port or p[1] != sport:
            continue
        seq, ack, flags, payload = p[2], p[3], p[4], p[5]
        if flags & RST:
            return None
        if flags & ACK and ack == (snd + len(req)) & 0xFFFFFFFF:
            acked_req = True
        if seq == rcv & 0xFFFFFFFF:
            data += payload
            rcv += len(payload)
            if flags & FIN:
                rcv += 1
                link.send(link.eth(0x0800, ipv4(tcp_seg(sport, port, snd + len(req), rcv, ACK | FIN), 6)))
                return data
        link.send(link.eth(0x0800, ipv4(tcp_seg(sport, port, snd + len(req), rcv, ACK), 6)))
    return data or None


def check_get(link, port, want, label, tries_for):
    end = time.time() + tries_for
    attempt = 0
    while time.time() < end:
        attempt += 1
        link.drain()
        resp = http_get(link, port, "/", timeout=min(20.0, max(1.0, end - time.time())))
        if resp is not None:
            head, _, body = resp.partition(b"\r\n\r\n")
            if head.startswith(b"HTTP/1.1 200") and body == want:
                print("badinput: %s: GET / -> 200, %d bytes identical (attempt %d)" % (label, len(body), attempt), flush=True)
                return True
            print("badinput: %s: unexpected reply %r..." % (label, resp[:80]), flush=True)
    print("badinput: FAIL: %s: no correct reply to GET / within %d s" % (label, tries_for), flush=True)
    return False


def garbage(link, rng, port):
    n = 0
    sec = [0]
    skip = os.environ.get("SKIP", "").split(",")  # sections to leave out (debugging)

    def tx(f):
        nonlocal n
        if str(sec[0]) in skip:
            return
        link.send(f)
        n += 1
        if n % 64 == 0:
            time.sleep(0.002)  # let the guest keep up; floods come later
    E = link.eth
    sec[0] = 1
    # 1. random frames, runts, unknown EtherTypes
    for _ in range(500):
        tx(bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 1514))))
    # (not 0 bytes: QEMU's dgram backend takes an empty datagram for the end
    # of the connection and stops reading, for good)
    for size in range(1, 14):
        tx(link.gmac[:size] if size <= 6 else (link.gmac + OUR_MAC)[:size])
    for et in (0x0000, 0x05DC, 0x0600, 0x8100, 0x88CC, 0x86DD, 0x0806, 0x0800, 0xFFFF):
        for size in (0, 1, 7, 19, 27, 39, 100):
            tx(E(et, bytes(rng.getrandbits(8) for _ in range(size))))
    tx(BCAST + OUR_MAC + b"\x08\x00" + b"\x45")
    sec[0] = 2
    # 2. ARP: truncated, bad lengths, a request for the guest with odd sizes
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + OUR_MAC + OUR_IP + b"\0" * 6 + GUEST_IP
    for cut in range(0, len(arp)):  # (the Ethernet header keeps these >= 14 bytes)
        tx(E(0x0806, arp[:cut], dst=BCAST))
    tx(E(0x0806, struct.pack("!HHBBH", 1, 0x0800, 255, 255, 1) + arp[8:], dst=BCAST))
    tx(E(0x0806, struct.pack("!HHBBH", 1, 0x0800, 6, 4, 7) + arp[8:], dst=BCAST))
    sec[0] = 3
    # 3. IPv4 headers
    good_tcp = tcp_seg(40000, port, 1, 0, SYN)
    pkt = ipv4(good_tcp, 6)
    for cut in range(0, 40):
        tx(E(0x0800, pkt[:cut]))
    for ihl in (0, 1, 4, 6, 15):
        p = bytes([0x40 | ihl]) + pkt[1:]
        tx(E(0x0800, p))
    for total in (0, 1, 19, 20, 21, 39, 41, 1500, 65535):
        p = pkt[:2] + struct.pack("!H", total) + pkt[4:]
        p = p[:10] + b"\0\0" + p[12:]
        p = p[:10] + struct.pack("!H", csum(p[:20])) + p[20:]
        tx(E(0x0800, p))
    tx(E(0x0800, pkt[:10] + b"\x12\x34" + pkt[12:]))  # bad header checksum
    for ver in (0, 4, 5, 6, 15):
        tx(E(0x0800, bytes([ver << 4 | 5]) + pkt[1:]))
    for ff in (0x2000, 0x2001, 0x1FFF, 0x3FFF, 0x0001, 0xFFFF, 0x8000):  # fragments, reserved bit
        tx(E(0x0800, ipv4(good_tcp, 6, flags_frag=ff, ident=rng.getrandbits(16))))
    # overlapping and tiny fragments of a UDP datagram
    for off in (0, 1, 1, 2, 8190):
        tx(E(0x0800, ipv4(bytes(rng.getrandbits(8) for _ in range(8)), 17, flags_frag=0x2000 | off, ident=77)))
    for proto in (0, 1, 2, 6, 17, 41, 58, 255):
        for size in (0, 1, 3, 7, 8, 19):
            tx(E(0x0800, ipv4(bytes(rng.getrandbits(8) for _ in range(size)), proto)))
    tx(E(0x0800, ipv4(good_tcp, 6, src=b"\xff\xff\xff\xff")))
    tx(E(0x0800, ipv4(good_tcp, 6, src=GUEST_IP)))  # from itself
    tx(E(0x0800, ipv4(good_tcp, 6, src=b"\x7f\0\0\1")))
    tx(E(0x0800, ipv4(good_tcp, 6, dst=b"\xe0\0\0\1")))
    # IPv4 options: garbage, truncated option lengths
    for opts in (b"\x01\x01\x01\x00", b"\x07\x00\x00\x00", b"\x44\xff\x00\x00", b"\x83\x03\x10\x00"):
        h = struct.pack("!BBHHHBBH4s4s", 0x46, 0, 24 + len(good_tcp), 0, 0x4000, 64, 6, 0, OUR_IP, GUEST_IP) + opts
        h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
        tx(E(0x0800, h + good_tcp))
    sec[0] = 4
    # 4. TCP headers
    for cut in range(0, 20):
        tx(E(0x0800, ipv4(good_tcp[:cut], 6)))
    for off in (0, 1, 4, 6, 15):
        t = good_tcp[:12] + bytes([off << 4]) + good_tcp[13:]
        tx(E(0x0800, ipv4(t, 6)))
    tx(E(0x0800, ipv4(good_tcp[:16] + b"\xde\xad" + good_tcp[18:], 6)))  # bad checksum
    for flags in range(256):
        tx(E(0x0800, ipv4(tcp_seg(rng.randint(1024, 65535), port, rng.getrandbits(32), rng.getrandbits(32), flags, b"x" * (flags % 3)), 6)))
    for opts in (b"\x02\x04\x00\x00", b"\x02\x00\x00\x00", b"\x03\x03\xff\x00", b"\x08\x0a" + b"\0" * 10, b"\x05\xff\x00\x00", b"\x1e\x01\x01\x01"):
        tx(E(0x0800, ipv4(tcp_seg(rng.randint(1024, 65535), port, 5, 0, SYN, opts=opts), 6)))
    tx(E(0x0800, ipv4(tcp_seg(1234, 1, 5, 0, SYN), 6)))  # closed port: a reset comes back
    sec[0] = 5
    # 5. UDP and ICMP
    for cut in range(0, 8):
        tx(E(0x0800, ipv4(struct.pack("!HHHH", 1234, 7, 8, 0)[:cut], 17)))
    for ulen in (0, 1, 7, 9, 100, 65535):
        tx(E(0x0800, ipv4(struct.pack("!HHHH", 1234, port, ulen, 0) + b"abc", 17)))
    for cut in range(0, 8):
        tx(E(0x0800, ipv4(struct.pack("!BBHHH", 8, 0, 0, 1, 1)[:cut], 1)))
    for typ in (0, 3, 5, 8, 11, 13, 255):
        body = struct.pack("!BBHHH", typ, 0, 0, 1, 1) + pkt[:28]
        body = body[:2] + struct.pack("!H", csum(body)) + body[4:]
        tx(E(0x0800, ipv4(body, 1)))
    sec[0] = 6
    # 6. IPv6: truncated, bad payload length
    ip6 = struct.pack("!IHBB", 6 << 28, 20, 6, 64) + b"\xfe\x80" + b"\0" * 14 + b"\xff\x02" + b"\0" * 13 + b"\x01" + good_tcp
    for cut in (0, 1, 20, 39, 40, 50):
        tx(E(0x86DD, ip6[:cut], dst=b"\x33\x33\x00\x00\x00\x01"))
    tx(E(0x86DD, ip6[:4] + b"\xff\xff" + ip6[6:], dst=b"\x33\x33\x00\x00\x00\x01"))
    return n


def syn_flood(link, rng, port, count):
    absent = [bytes([10, 0, 0, 100 + i]) for i in range(100)] + [bytes([10, 0, 1, i]) for i in range(100)]
    for i in range(count):
        src = OUR_IP if i % 2 == 0 else rng.choice(absent)
        seg = tcp_seg(rng.randint(1024, 65535), port, rng.getrandbits(32), 0, SYN, src=src, opts=struct.pack("!BBH", 2, 4, 1460))
        link.send(link.eth(0x0800, ipv4(seg, 6, src=src, ident=i & 0xFFFF)))
        if i % 256 == 255:
            link.drain()  # keep our socket's buffer (the guest's SYN-ACKs) from piling up


def main():
    if len(sys.argv) != 6:
        print(__doc__)
        sys.exit(2)
    gport, hport, mac, port, index = sys.argv[1:]
    want = open(index, "rb").read()
    link = Link(int(gport), int(hport), bytes.fromhex(mac.replace(":", "")))
    port = int(port)
    rng = random.Random(int(os.environ.get("SEED", "1")))
    ok = check_get(link, port, want, "before", 60)
    if not ok:
        sys.exit(1)
    t0 = time.time()
    n = garbage(link, rng, port)
    print("badinput: sent %d garbage and malformed frames in %.1f s" % (n, time.time() - t0), flush=True)
    link.drain()
    ok = check_get(link, port, want, "after garbage", 60)
    count = int(os.environ.get("SYN_FLOOD", "10000"))
    t0 = time.time()
    syn_flood(link, rng, port, count)
    print("badinput: sent %d SYNs to port %d in %.1f s" % (count, port, time.time() - t0), flush=True)
    ok = check_get(link, port, want, "after the SYN flood", int(os.environ.get("RECOVER_SECONDS", "90"))) and ok
    print("badinput: %s" % ("all ok" if ok else "FAILED"), flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

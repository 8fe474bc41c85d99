#!/usr/bin/env python3
"""fakedns.py NAME ADDRESS [PORT] — a one-name DNS server on 127.0.0.1 (UDP,
port 53 by default) for tests/net/netup-test: answers A queries for NAME with
ADDRESS, everything else with NXDOMAIN. Prints "fakedns: ready", then one
line per query; runs until killed."""
import socket
import struct
import sys

name, address = sys.argv[1].lower().rstrip("."), socket.inet_aton(sys.argv[2])
port = int(sys.argv[3]) if len(sys.argv) > 3 else 53
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", port))
print("fakedns: ready", flush=True)

while True:
    query, peer = sock.recvfrom(512)
    if len(query) < 12:
        continue
    qid, flags, qdcount = struct.unpack("!HHH", query[:6])
    # The question: labels up to a zero byte, then type and class.
    labels, i = [], 12
    while i < len(query) and query[i]:
        labels.append(query[i + 1:i + 1 + query[i]].decode(errors="replace"))
        i += 1 + query[i]
    qname = ".".join(labels).lower()
    question = query[12:i + 5]
    qtype = struct.unpack("!H", query[i + 1:i + 3])[0] if i + 3 <= len(query) else 0
    found = qname == name and qtype == 1
    rcode = 0 if qname == name else 3
    header = struct.pack("!HHHHHH", qid, 0x8180 | rcode, 1, 1 if found else 0, 0, 0)
    answer = b""
    if found:  # pointer to the question's name, A, IN, TTL 60, 4 bytes
        answer = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + address
    sock.sendto(header + question + answer, peer)
    print(f"fakedns: {qname} type {qtype} -> {'A' if found else 'rcode %d' % rcode}", flush=True)

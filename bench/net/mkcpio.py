#!/usr/bin/env python3
"""mkcpio.py DIR OUT.cpio.gz — a gzipped newc cpio archive of DIR (an initramfs),
files owned by root; no cpio(1) needed."""
import gzip
import os
import stat
import sys


def entry(out, name, st, data, ino):
    name_b = name.encode() + b"\0"
    hdr = "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X" % (
        ino, st.st_mode if st else 0, 0, 0, st.st_nlink if st else 1,
        int(st.st_mtime) if st else 0, len(data), 0, 0, 0, 0, len(name_b), 0)
    out.write(hdr.encode() + name_b)
    out.write(b"\0" * ((4 - (110 + len(name_b)) % 4) % 4))
    out.write(data)
    out.write(b"\0" * ((4 - len(data) % 4) % 4))


def main():
    root, dest = sys.argv[1], sys.argv[2]
    with gzip.open(dest, "wb", compresslevel=6) as out:
        ino = 1
        for d, dirs, files in os.walk(root):
            dirs.sort()
            for n in sorted(dirs) + sorted(files):
                p = os.path.join(d, n)
                rel = os.path.relpath(p, root)
                st = os.lstat(p)
                if stat.S_ISLNK(st.st_mode):
                    data = os.readlink(p).encode()
                elif stat.S_ISREG(st.st_mode):
                    data = open(p, "rb").read()
                else:
                    data = b""
                entry(out, rel, st, data, ino)
                ino += 1
        entry(out, "TRAILER!!!", None, b"", 0)


if __name__ == "__main__":
    main()

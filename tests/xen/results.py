#!/usr/bin/env python3
"""tests/xen/results.py RESULTS_LOG OUTDIR — unpack what the test dom0's job
runner (tools/xen-dom0/runjobs) sent over its second serial port: for each
job a checksummed base64 .tar.gz between "@@AMPHI-RESULT BEGIN name" and
"@@AMPHI-RESULT END name md5" lines, unpacked into OUTDIR/name/. Prints one
line per job ("name ok" or "name corrupt: why") and "DONE" if the runner
finished; exits 0 when every job it saw arrived intact."""
import base64
import binascii
import hashlib
import io
import os
import sys
import tarfile


def main():
    log, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    try:
        lines = open(log, "rb").read().decode("ascii", "replace").splitlines()
    except FileNotFoundError:
        lines = []
    ok, name, chunks = True, None, []
    for line in lines:
        line = line.strip("\r")
        if line.startswith("@@AMPHI-RESULT BEGIN "):
            if name:
                print(f"{name} corrupt: no END line")
                ok = False
            name, chunks = line.split()[2], []
        elif line.startswith("@@AMPHI-RESULT END ") and name:
            _, _, end_name, want = line.split()
            try:
                data = base64.b64decode("".join(chunks), validate=True)
            except (binascii.Error, ValueError) as e:
                print(f"{name} corrupt: bad base64 ({e})")
                ok, name = False, None
                continue
            if end_name != name or hashlib.md5(data).hexdigest() != want:
                print(f"{name} corrupt: checksum mismatch")
                ok, name = False, None
                continue
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
                for member in tar.getmembers():
                    # only plain files under NAME/, nothing that escapes OUTDIR
                    if not member.isfile() or member.name.split("/")[0] != name or ".." in member.name:
                        continue
                    tar.extract(member, outdir)
            print(f"{name} ok")
            name = None
        elif line == "@@AMPHI-RESULTS DONE":
            print("DONE")
        elif name:
            chunks.append(line)
    if name:
        print(f"{name} corrupt: no END line (dom0 stopped while sending)")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

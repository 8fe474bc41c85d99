#!/usr/bin/env python3
"""tests/lib/cases.py [--platforms "P ..."] [--cases REGEX] [--only REGEX] OUTDIR
reads tests/cases and writes one job directory per selected (case, platform)
pair: OUTDIR/PLATFORM/CASE/, one file per setting that is set (app, status,
opts, args, mem, timeout, machine, exit-device, qemu-extra, fwd, net, vif,
ready, client, client-env, script, needs, initrd, input) and "checks", one check per line
("exact FILE", "match REGEX", "nomatch REGEX", "count N REGEX", "xen REGEX";
an exact check's file is copied into the job directory, so the directory is
all a launcher needs, on the host or in Xen's dom0). Prints the job
directories in run order (platform by platform, cases in table order).
--cases selects by case name, --only by "PLATFORM/CASE". A malformed table
is an error naming the line; nothing is written then."""
import argparse
import os
import re
import shutil
import sys

PLATFORMS = ["microvm", "pc", "efi", "xen-pvh", "xen-pv"]
GROUPS = {"all": PLATFORMS, "qemu": ["microvm", "pc", "efi"], "xen": ["xen-pvh", "xen-pv"]}
SETTINGS = {"app", "on", "status", "opts", "args", "mem", "timeout", "machine", "exit-device",
            "qemu-extra", "fwd", "net", "vif", "ready", "client", "client-env", "script", "needs",
            "initrd", "input"}
CHECKS = {"exact", "match", "nomatch", "count", "xen"}
QEMU_ONLY = {"machine", "exit-device", "qemu-extra", "fwd", "net", "script"}
NEEDS = {"root", "tap", "port53"}


class TableError(Exception):
    pass


def platforms_of(spec, where):
    """'microvm pc', 'xen', '!efi', 'qemu,xen-pv' -> the platform list, in order"""
    words = spec.replace(",", " ").split()
    if not words:
        raise TableError(f"{where}: no platform named")
    chosen, excluded = set(), set()
    for w in words:
        neg = w.startswith("!")
        name = w[1:] if neg else w
        names = GROUPS.get(name, [name] if name in PLATFORMS else None)
        if names is None:
            raise TableError(f"{where}: unknown platform '{name}' (have: {' '.join(PLATFORMS)}, "
                             f"qemu, xen, all)")
        (excluded if neg else chosen).update(names)
    if not chosen:
        chosen = set(PLATFORMS)
    return [p for p in PLATFORMS if p in chosen and p not in excluded]


def parse(path):
    """-> [(name, line, [(key, platforms or None, value, line)])]"""
    cases, names = [], set()
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            where = f"{path}:{n}"
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line[0].isspace():
                m = re.fullmatch(r"case\s+([A-Za-z0-9][A-Za-z0-9._-]*)\s*", line)
                if not m:
                    raise TableError(f"{where}: expected 'case NAME', got '{line}'")
                if m.group(1) in names:
                    raise TableError(f"{where}: case '{m.group(1)}' twice")
                names.add(m.group(1))
                cases.append((m.group(1), n, []))
                continue
            if not cases:
                raise TableError(f"{where}: a setting before the first 'case'")
            parts = line.strip().split(None, 1)
            key, value = parts[0], parts[1].strip() if len(parts) > 1 else ""
            plats = None
            if "@" in key:
                key, spec = key.split("@", 1)
                plats = platforms_of(spec, where)
            if key not in SETTINGS and key not in CHECKS:
                raise TableError(f"{where}: unknown key '{key}'")
            if value == "" and key not in ("opts", "args"):
                raise TableError(f"{where}: '{key}' needs a value")
            cases[-1][2].append((key, plats, value, n))
    return cases


def resolve(case, platform, path):
    """the settings and checks of one case on one platform"""
    name, _, entries = case
    settings, checks = {}, []
    for key, plats, value, n in entries:  # plain values first, then overrides
        if plats is None and key in SETTINGS:
            settings[key] = value
    for key, plats, value, n in entries:
        if plats is not None and platform in plats and key in SETTINGS:
            settings[key] = value
    for key, plats, value, n in entries:
        if key in CHECKS and (plats is None or platform in plats):
            checks.append((key, value, n))
    where = f"{path}: case {name}"
    if "app" not in settings:
        raise TableError(f"{where}: no app")
    status = settings.get("status", "0")
    if not re.fullmatch(r"[0-9]+|-|running", status):
        raise TableError(f"{where}: status must be a number, '-' or 'running', not '{status}'")
    if status == "running" and "client" not in settings:
        raise TableError(f"{where}: status 'running' needs a client")
    for k in ("timeout", "exit-device", "fwd"):
        if k in settings and not settings[k].isdigit():
            raise TableError(f"{where}: {k} must be a number, not '{settings[k]}'")
    for w in settings.get("needs", "").split():
        if w not in NEEDS:
            raise TableError(f"{where}: needs '{w}'? (have: {' '.join(sorted(NEEDS))})")
    if platform.startswith("xen-"):
        bad = sorted(k for k in settings if k in QEMU_ONLY and k != "fwd")
        if bad:
            raise TableError(f"{where}: {', '.join(bad)} on {platform} (QEMU only)")
    for key, value, n in checks:
        if key == "count" and not re.fullmatch(r"[0-9]+\s+\S.*", value):
            raise TableError(f"{path}:{n}: count wants 'N REGEX'")
        if key == "exact" and not os.path.isfile(value):
            raise TableError(f"{path}:{n}: no file '{value}'")
    return settings, checks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--table", default="tests/cases")
    ap.add_argument("--platforms", default=" ".join(PLATFORMS))
    ap.add_argument("--cases", default="")
    ap.add_argument("--only", default="")
    ap.add_argument("outdir")
    a = ap.parse_args()
    try:
        wanted = platforms_of(a.platforms, "--platforms")
        cases = parse(a.table)
        jobs = []
        for platform in wanted:
            for case in cases:
                name, n, entries = case
                on = next((v for k, p, v, _ in entries if k == "on" and p is None), "all")
                if platform not in platforms_of(on, f"{a.table}:{n}"):
                    continue
                if a.cases and not re.search(a.cases, name):
                    continue
                if a.only and not re.search(a.only, f"{platform}/{name}"):
                    continue
                jobs.append((platform, name, *resolve(case, platform, a.table)))
    except (TableError, re.error, OSError) as e:
        print(f"tests/cases: {e}", file=sys.stderr)
        return 2
    shutil.rmtree(a.outdir, ignore_errors=True)
    for platform, name, settings, checks in jobs:
        d = os.path.join(a.outdir, platform, name)
        os.makedirs(d)
        for k, v in settings.items():
            if k != "on":
                with open(os.path.join(d, k), "w") as f:
                    f.write(v + "\n")
        with open(os.path.join(d, "checks"), "w") as f:
            for i, (key, value, _) in enumerate(checks):
                if key == "exact":
                    shutil.copyfile(value, os.path.join(d, f"exact.{i}"))
                    value = f"exact.{i}"
                f.write(f"{key} {value}\n")
        print(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())

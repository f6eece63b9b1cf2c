#!/usr/bin/env python3
"""Checks one sample program's verdict under the race detector.

racy programs (racy*.cpp): every run must exit with status 66, print a Go-style
race report, and the report must name every line of the source marked with a
`// RACE` comment (as file.cpp:LINE), on every run: RUNS runs with GOMAXPROCS=1
and RUNS with GOMAXPROCS=2.

Other programs: RUNS runs (alternating GOMAXPROCS=1 and 2) must exit 0, print
no race report, and print the expected standard output (tests/samples/expected/
<lesson>/<program>.txt, or <program>.sorted.txt when the order of lines may vary).

Each run happens in a fresh temporary directory (so report files land there).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

RACE_BANNER = "WARNING: DATA RACE"
RACE_EXIT = 66


def race_lines(source):
    """Lines of `source` marked `// RACE`: the accesses the report must name."""
    with open(source, encoding="utf-8") as f:
        return [n for n, text in enumerate(f, 1) if re.search(r"//.*\bRACE\b", text)]


def run_once(exe, args, procs, timeout):
    env = dict(os.environ, GOMAXPROCS=str(procs))
    env.pop("GORACE", None)
    with tempfile.TemporaryDirectory(prefix="gorace-sample-") as cwd:
        try:
            p = subprocess.run([exe] + args, cwd=cwd, env=env, capture_output=True,
                               text=True, errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired as e:
            return None, e.stdout or "", e.stderr or ""
        return p.returncode, p.stdout, p.stderr


def fail(msg, procs, run, out, err):
    sys.stderr.write(f"FAIL (GOMAXPROCS={procs}, run {run}): {msg}\n"
                     f"--- stdout ---\n{out}\n--- stderr ---\n{err}\n")
    sys.exit(1)


def check_racy(exe, args, source, runs, timeout):
    base = os.path.basename(source)
    lines = race_lines(source)
    if not lines:
        sys.exit(f"{source}: no line is marked // RACE")
    wanted = [re.compile(re.escape(base) + ":" + str(n) + r"(?!\d)") for n in lines]
    for procs in (1, 2):
        for run in range(1, runs + 1):
            rc, out, err = run_once(exe, args, procs, timeout)
            if rc is None:
                fail(f"timed out after {timeout}s", procs, run, out, err)
            if RACE_BANNER not in err:
                fail("no race report", procs, run, out, err)
            if rc != RACE_EXIT:
                fail(f"exit status {rc}, expected {RACE_EXIT}", procs, run, out, err)
            missing = [f"{base}:{n}" for n, w in zip(lines, wanted) if not w.search(err)]
            if missing:
                fail(f"the report does not name {', '.join(missing)}", procs, run, out, err)
    print(f"{exe}: race reported in all {2 * runs} runs, naming "
          + ", ".join(f"{base}:{n}" for n in lines))


def check_clean(exe, args, expected, runs, timeout):
    with open(expected, encoding="utf-8") as f:
        want = f.read()
    unordered = expected.endswith(".sorted.txt")
    norm = (lambda s: sorted(s.splitlines())) if unordered else (lambda s: s)
    for run in range(1, runs + 1):
        procs = 1 + run % 2
        rc, out, err = run_once(exe, args, procs, timeout)
        if rc is None:
            fail(f"timed out after {timeout}s", procs, run, out, err)
        if RACE_BANNER in err:
            fail("unexpected race report", procs, run, out, err)
        if rc != 0:
            fail(f"exit status {rc}, expected 0", procs, run, out, err)
        if norm(out) != norm(want):
            fail(f"stdout differs from {expected}"
                 + (" (compared as sorted lines)" if unordered else "")
                 + f"\n--- expected ---\n{want}", procs, run, out, err)
    print(f"{exe}: no race and the expected output in all {runs} runs")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exe", required=True, help="the built sample")
    ap.add_argument("--source", required=True, help="its main source file")
    ap.add_argument("--expected", help="expected stdout (programs that must not race)")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per run")
    ap.add_argument("args", nargs="*", help="arguments passed to the sample")
    a = ap.parse_args()
    a.exe = os.path.abspath(a.exe)  # each run happens in another directory
    if not os.access(a.exe, os.X_OK):
        sys.exit(f"{a.exe}: not an executable (was the sample built?)")
    if os.path.basename(a.source).startswith("racy"):
        check_racy(a.exe, a.args, a.source, a.runs, a.timeout)
    else:
        if not a.expected or not os.path.exists(a.expected):
            sys.exit(f"{a.source}: no expected output file {a.expected}")
        check_clean(a.exe, a.args, a.expected, a.runs, a.timeout)


if __name__ == "__main__":
    main()

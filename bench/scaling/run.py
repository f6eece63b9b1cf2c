#!/usr/bin/env python3
"""Multi-core scaling of the workloads in bench/scaling, plain and under race
detection, for gorace and (optionally) Go, at several GOMAXPROCS.

  bench/scaling/run.py --plain build/bench/gor_scaling \\
      --race build/bench/gor_scaling_race [--go] [--procs 1,2,4,8,16]

--go runs bench/scaling/go with `go test` (plain and -race); --go-plain and
--go-race take test binaries built beforehand (`go test -c`, `go test -race
-c`) for machines without Go. Prints, per workload and GOMAXPROCS, the
median ns per iteration, the race slowdown and the speedup over
GOMAXPROCS=1. Timings are for reading, not for pass/fail.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run_cpp(binary, procs, count, min_time):
    env = dict(os.environ, GOMAXPROCS=str(procs), GORACE="exitcode=0 report_dir=")
    out = subprocess.run([binary, "--benchmark_format=json",
                          "--benchmark_repetitions=%d" % count,
                          "--benchmark_min_time=%s" % min_time],
                         env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("%s failed (exit %d):\n%s" % (binary, out.returncode, out.stderr[-4000:]))
    samples = {}
    for b in json.loads(out.stdout).get("benchmarks", []):
        if b.get("run_type") == "aggregate":
            continue
        name = b["name"].split("/")[0].removeprefix("BM_")
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        samples.setdefault(name, []).append(b["real_time"] * scale)
    return {k: statistics.median(v) for k, v in samples.items()}


def run_go(command, procs, count, min_time, cwd=None):
    out = subprocess.run(command + ["-test.bench", ".", "-test.run", "^$",
                                    "-test.cpu", str(procs), "-test.count", str(count),
                                    "-test.benchtime", "%ss" % min_time],
                         cwd=cwd, capture_output=True, text=True,
                         env=dict(os.environ, GORACE="exitcode=0", GOFLAGS="-mod=mod",
                                  GOPROXY="off"))
    if out.returncode != 0:
        sys.exit("%s failed:\n%s%s" % (" ".join(command), out.stdout[-2000:], out.stderr[-2000:]))
    samples = {}
    for line in out.stdout.splitlines():
        m = re.match(r"Benchmark(\w+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op", line)
        if m:
            samples.setdefault(m.group(1), []).append(float(m.group(3)))
    return {k: statistics.median(v) for k, v in samples.items()}


def go_test_command(race):
    # `go test` in local directory mode (which prints the benchmarks), the
    # test binary's flags passed through.
    return ["go", "test", "-count=1"] + (["-race"] if race else []) + ["-args"]


def fmt(x, digits=1):
    return "-" if x is None else "%.*f" % (digits, x)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plain", required=True, help="gor_scaling (no instrumentation)")
    ap.add_argument("--race", help="gor_scaling_race (built with the plugin)")
    ap.add_argument("--go", action="store_true", help="also run the Go side with `go test`")
    ap.add_argument("--go-plain", help="a Go test binary of bench/scaling/go (go test -c)")
    ap.add_argument("--go-race", help="the same built with -race")
    ap.add_argument("--procs", default="1,2,4,8,16", help="GOMAXPROCS values, comma-separated")
    ap.add_argument("--count", type=int, default=3, help="repetitions; the median is used")
    ap.add_argument("--min-time", default="0.5", help="seconds per benchmark run")
    ap.add_argument("--json", help="also write the rows as JSON here")
    a = ap.parse_args()
    procs = [int(p) for p in a.procs.split(",")]
    go_dir = os.path.join(HERE, "go")

    results = {}  # (side, procs) -> {workload: ns}
    for p in procs:
        results[("c++", p)] = run_cpp(a.plain, p, a.count, a.min_time)
        if a.race:
            results[("c++-race", p)] = run_cpp(a.race, p, a.count, a.min_time)
        if a.go or a.go_plain:
            cmd = [a.go_plain] if a.go_plain else go_test_command(False)
            results[("go", p)] = run_go(cmd, p, a.count, a.min_time, cwd=go_dir)
        if a.go or a.go_race:
            cmd = [a.go_race] if a.go_race else go_test_command(True)
            results[("go-race", p)] = run_go(cmd, p, a.count, a.min_time, cwd=go_dir)

    sides = [s for s in ("c++", "c++-race", "go", "go-race") if ("%s" % s, procs[0]) in results]
    rows = []
    workloads = sorted({w for r in results.values() for w in r})
    for w in workloads:
        print("\n%s (ns per iteration; speedup over GOMAXPROCS=%d in brackets)" % (w, procs[0]))
        print("%6s" % "procs" + "".join("%18s" % s for s in sides) + "%12s%12s" % (
            "c++ race x", "go race x"))
        for p in procs:
            row = {"workload": w, "procs": p}
            cells = []
            for s in sides:
                ns = results[(s, p)].get(w)
                base = results[(s, procs[0])].get(w)
                row[s] = ns
                speedup = base / ns if ns and base else None
                cells.append("%11s [%4s]" % (fmt(ns), fmt(speedup)))
            cx = row.get("c++-race") / row["c++"] if row.get("c++-race") and row.get("c++") else None
            gx = row.get("go-race") / row["go"] if row.get("go-race") and row.get("go") else None
            row["cpp_race_x"], row["go_race_x"] = cx, gx
            rows.append(row)
            print("%6d" % p + "".join("%18s" % c for c in cells) + "%12s%12s" % (fmt(cx), fmt(gx)))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()

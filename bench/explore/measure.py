#!/usr/bin/env python3
"""Measures how often each bench/explore race is exposed.

For each program: the rate over normal runs (GOMAXPROCS=2, nondeterministic),
the rate per seed under `gorace explore --strategy random` and `pct`, the
expected number of runs to the first detection (1/rate), the first seed that
found it, and, when Go is installed, the rate of `go run -race` on the Go twin
(bench/explore/go/<name>). Prints a Markdown table.

usage: bench/explore/measure.py [--build DIR] [--normal-runs N] [--seeds N] [--no-go]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROGRAMS = ["lock_order", "sleep_order", "pipeline_select", "double_checked",
            "select_default", "two_phase"]
HERE = os.path.dirname(os.path.abspath(__file__))


def normal_rate(cmd, runs, env_extra):
    env = dict(os.environ, GOMAXPROCS="2", **env_extra)
    found = 0
    for _ in range(runs):
        r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=60)
        found += r.returncode == 66
    return found, runs


def explore_rate(gorace, prog, strategy, seeds, tmp):
    out = subprocess.run([gorace, "explore", "--runs", str(seeds), "--jobs", "2", "--strategy",
                          strategy, "--timeout", "30", "--report-dir",
                          os.path.join(tmp, "explore"), "--", prog],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=3600).stdout
    m = re.search(r"races in (\d+) of (\d+) runs", out)
    if not m:
        sys.exit("unexpected gorace explore output:\n" + out)
    first = re.search(r"found by \d+/\d+ seeds \([^)]*\): (\d+)", out)
    return int(m.group(1)), int(m.group(2)), int(first.group(1)) if first else None


def fmt_rate(found, runs):
    return f"{found}/{runs} ({100.0 * found / runs:.0f}%)"


def expected(found, runs):
    return f"{runs / found:.1f}" if found else f"> {runs}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(HERE, "..", "..", "build"))
    ap.add_argument("--normal-runs", type=int, default=100)
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--no-go", action="store_true")
    a = ap.parse_args()
    bindir = os.path.join(a.build, "bench", "explore")
    gorace = os.path.join(a.build, "reports", "explore", "gorace")
    for p in [gorace] + [os.path.join(bindir, n) for n in PROGRAMS]:
        if not os.access(p, os.X_OK):
            sys.exit(f"missing {p}: build the gorace_cli and explore_* targets first")
    use_go = not a.no_go and shutil.which("go") is not None
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
          " (1, 5, 15 min)", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in PROGRAMS:
            prog = os.path.join(bindir, name)
            n_found, n_runs = normal_rate([prog], a.normal_runs, {"GORACE": "reports=0"})
            r_found, r_runs, r_first = explore_rate(gorace, prog, "random", a.seeds, tmp)
            p_found, p_runs, p_first = explore_rate(gorace, prog, "pct", a.seeds, tmp)
            go = "n/a"
            if use_go:
                exe = os.path.join(tmp, name + "-go")
                subprocess.run(["go", "build", "-race", "-o", exe, "./" + name],
                               cwd=os.path.join(HERE, "go"), check=True)
                g_found, g_runs = normal_rate([exe], a.normal_runs, {})
                go = fmt_rate(g_found, g_runs)
            rows.append([name, fmt_rate(n_found, n_runs), expected(n_found, n_runs),
                         fmt_rate(r_found, r_runs), expected(r_found, r_runs), str(r_first or "-"),
                         fmt_rate(p_found, p_runs), expected(p_found, p_runs), str(p_first or "-"),
                         go])
            print(f"measured {name}", file=sys.stderr)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
          " (1, 5, 15 min)", file=sys.stderr)
    head = ["program", "normal (P=2)", "E[runs]", "random", "E[runs]", "1st seed", "pct",
            "E[runs]", "1st seed", "Go -race (P=2)"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()

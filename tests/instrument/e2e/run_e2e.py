#!/usr/bin/env python3
"""Runs one instrumented test program and checks the race detector's verdict.

usage: run_e2e.py <program> <source.cpp>

The source declares what to expect:
  // EXPECT: race      -> the run reports a data race and exits with 66;
                          every line marked `// RACE: A` / `// RACE: B`
                          appears as <source-name>:<line> in the report (a
                          single marker means both accesses are on that line:
                          it must appear at least twice);
  // EXPECT: no race   -> the run reports nothing and exits with 0.
  // EXPECT: panic      -> the run reports no race and exits with 2 (an
                          unrecovered panic; LOCATION lines check its trace).
  // LOCATION: <text>   -> (optional) the report contains <text>;
  // ABSENT: <text>     -> (optional) the output does not contain <text>.
  // REPORTS: <n>       -> (optional) exactly n race reports are printed.
"""
import re
import subprocess
import sys

RACE_EXIT_CODE = 66
PANIC_EXIT_CODE = 2
TIMEOUT_S = 60


def expectations(source_path):
    verdict = None
    markers = {}
    locations = []
    absent = []
    reports = None
    with open(source_path, encoding="utf-8") as source:
        for number, line in enumerate(source, start=1):
            found = re.search(r"//\s*EXPECT:\s*(race|no race|panic)\s*$", line)
            if found:
                verdict = found.group(1)
            location = re.search(r"//\s*LOCATION:\s*(.+?)\s*$", line)
            if location:
                locations.append(location.group(1))
            missing = re.search(r"//\s*ABSENT:\s*(.+?)\s*$", line)
            if missing:
                absent.append(missing.group(1))
            count = re.search(r"//\s*REPORTS:\s*(\d+)\s*$", line)
            if count:
                reports = int(count.group(1))
            marker = re.search(r"//\s*RACE:\s*([AB])\b", line)
            if marker:
                markers[marker.group(1)] = number
    if verdict is None:
        sys.exit(f"{source_path}: no '// EXPECT: race', 'no race' or 'panic' line")
    if verdict == "race" and "A" not in markers:
        sys.exit(f"{source_path}: EXPECT: race needs a '// RACE: A' marker")
    return verdict, markers, locations, absent, reports


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    program, source_path = sys.argv[1], sys.argv[2]
    verdict, markers, locations, absent, reports = expectations(source_path)
    try:
        run = subprocess.run([program], capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        sys.exit(f"FAIL: {program} did not finish within {TIMEOUT_S} s")
    output = run.stdout + run.stderr
    failures = []
    reported = "WARNING: DATA RACE" in output
    if verdict in ("no race", "panic"):
        expected_status = 0 if verdict == "no race" else PANIC_EXIT_CODE
        if reported:
            failures.append("a data race was reported, none expected")
        if run.returncode != expected_status:
            failures.append(f"exit status {run.returncode}, expected {expected_status}")
    else:
        if not reported:
            failures.append("no data race reported")
        if run.returncode != RACE_EXIT_CODE:
            failures.append(f"exit status {run.returncode}, expected {RACE_EXIT_CODE}")
        name = re.escape(source_path.rsplit("/", 1)[-1])
        needed = {"A": 2} if "B" not in markers else {"A": 1, "B": 1}
        for label, count in needed.items():
            line = markers[label]
            hits = len(re.findall(rf"{name}:{line}(?!\d)", output))
            if hits < count:
                failures.append(f"{name}:{line} (RACE: {label}) appears {hits} time(s) in the "
                                f"report, expected at least {count}")
    if reports is not None and output.count("WARNING: DATA RACE") != reports:
        failures.append(f"{output.count('WARNING: DATA RACE')} race reports, expected {reports}")
    for location in locations:
        if location not in output:
            failures.append(f"the report does not contain '{location}'")
    for text in absent:
        if text in output:
            failures.append(f"the output contains '{text}'")
    if failures:
        print(f"FAIL: {program}")
        for failure in failures:
            print(f"  - {failure}")
        print("---- program output ----")
        print(output)
        sys.exit(1)
    print(f"ok: {program}: {verdict}")


if __name__ == "__main__":
    main()

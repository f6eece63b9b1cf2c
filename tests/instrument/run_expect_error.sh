#!/bin/sh
# Runs a compiler command that must fail, and checks that its stderr
# contains the expected message (and, with --absent, not another one).
# usage: run_expect_error.sh [--absent <substring>] <expected substring> <command...>
set -u
absent=
if [ "$1" = "--absent" ]; then
  absent=$2
  shift 2
fi
expected=$1
shift
err=$("$@" 2>&1 >/dev/null)
status=$?
if [ "$status" -eq 0 ]; then
  echo "FAIL: command succeeded, expected an error containing: $expected"
  exit 1
fi
if [ -n "$absent" ]; then
  case "$err" in
    *"$absent"*) echo "FAIL: exit $status, stderr contains '$absent':"; echo "$err"; exit 1 ;;
  esac
fi
case "$err" in
  *"$expected"*) echo "ok: exit $status: $err"; exit 0 ;;
  *) echo "FAIL: exit $status, stderr does not contain '$expected':"; echo "$err"; exit 1 ;;
esac

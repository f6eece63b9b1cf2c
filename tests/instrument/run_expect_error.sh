#!/bin/sh
# Runs a compiler command that must fail, and checks that its stderr
# contains the expected message.
# usage: run_expect_error.sh <expected substring> <command...>
set -u
expected=$1
shift
err=$("$@" 2>&1 >/dev/null)
status=$?
if [ "$status" -eq 0 ]; then
  echo "FAIL: command succeeded, expected an error containing: $expected"
  exit 1
fi
case "$err" in
  *"$expected"*) echo "ok: exit $status: $err"; exit 0 ;;
  *) echo "FAIL: exit $status, stderr does not contain '$expected':"; echo "$err"; exit 1 ;;
esac

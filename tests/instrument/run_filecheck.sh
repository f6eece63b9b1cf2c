#!/bin/sh
# Compiles one IR test source with the gorace plugin and checks the emitted
# LLVM IR with FileCheck.
# usage: run_filecheck.sh <clang++> <plugin.so> <FileCheck> <source> <opt> [extra clang args...]
#   <opt> is O0/O1/O2/O3; the FileCheck prefixes are CHECK, CHECK-<opt>, and
#   CHECK-OPT for O1 and above. $GORACE_FILECHECK_ARGS (e.g. -D#ABI=1) is
#   passed to FileCheck.
set -eu
clangxx=$1 plugin=$2 filecheck=$3 source=$4 opt=$5
shift 5
out=$("$clangxx" -std=c++20 -fplugin="$plugin" "-$opt" -S -emit-llvm -o - "$source" "$@")
prefixes="CHECK,CHECK-$opt"
[ "$opt" = O0 ] || prefixes="$prefixes,CHECK-OPT"
# shellcheck disable=SC2086
printf '%s\n' "$out" | "$filecheck" ${GORACE_FILECHECK_ARGS:-} --allow-unused-prefixes --check-prefixes="$prefixes" "$source"

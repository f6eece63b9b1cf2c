#!/bin/sh
# Copies the plugin alone into <scratch>/lib (no headers beside it) and
# checks that compiling with it warns that the runtime's headers are missing,
# rather than taking the headers of the tree it was built from.
# usage: run_copied_plugin.sh <scratch dir> <plugin.so> <clang++> <source.cpp>
set -eu
scratch=$1 plugin=$2 clangxx=$3 source=$4
rm -rf "$scratch"
mkdir -p "$scratch/lib"
cp "$plugin" "$scratch/lib/"
err=$("$clangxx" -std=c++20 -fsyntax-only -fplugin="$scratch/lib/$(basename "$plugin")" "$source" 2>&1 >/dev/null || true)
case "$err" in
  *"runtime's headers (gor/gor.hpp) are not installed beside the plugin"*) echo "ok: $err"; exit 0 ;;
  *) echo "FAIL: no warning about the missing headers:"; echo "$err"; exit 1 ;;
esac

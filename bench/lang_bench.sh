#!/usr/bin/env bash
# Parses and evaluates a generated 10,000-line QAMA script with a release `qama run` and prints the time.
# Usage: bench/lang_bench.sh [lines]   (run from anywhere; builds in release into .build)
set -euo pipefail
lines="${1:-10000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
script="$work/bench.qama"
{
  echo "seed(1)"
  echo "var total = 0"
  echo "let t = randn(8, 8)"
  echo "func f(a, b) = a * b + 1"
  for ((k = 4; k < lines; k++)); do
    case $((k % 5)) in
      0) echo "let v$k = f($k, 2) + sum(i in 0..<4: i * i)  // comment" ;;
      1) echo "total = total + $k % 7" ;;
      2) echo "let s$k = \"line \\(total)\"" ;;
      3) echo "let m$k = t[$((k % 8)), :] * 2 + 1" ;;
      4) echo "if total > 100 { total = total - 100 } else { total = total + 1 }" ;;
    esac
  done
  echo "total"
} > "$script"
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"  # cd's to the repository
# The same build scripts/test makes (a no-op after it).
build_release >/dev/null 2>&1 || { echo "release build of qama failed" >&2; exit 1; }
bin="$ROOT/.build/release/qama"
start=$(date +%s.%N)
"$bin" run "$script" >/dev/null
end=$(date +%s.%N)
printf "qama run: %d lines parsed and evaluated in %.3f s (including process start)\n" "$(wc -l < "$script")" "$(echo "$end - $start" | bc)"

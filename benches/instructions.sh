#!/usr/bin/env bash
# Instructions per input byte of `Scanner::scan` (default policy) on the
# bench's 64 KiB corpora, counted by callgrind: exact and repeatable where
# wall-clock time on a shared machine is not. Needs valgrind.
# Usage: benches/instructions.sh [TIMES (default 16)]
# Prints the steady state (scans after the first) and the first scan.
set -euo pipefail
cd "$(dirname "$0")/.."
times=${1:-16}
target="${CARGO_TARGET_DIR:-target}"
corpora=$(mktemp -d)
trap 'rm -rf "$corpora"' EXIT
cargo build --release --example scan_loop 2>/dev/null
bench=$(cargo bench --bench scan --no-run --message-format=json 2>/dev/null \
  | grep '"kind":\["bench"\]' | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p')
# The bench writes its corpora and exits when no bench matches.
GUARDRAIL_BENCH_DUMP="$corpora" "$bench" --bench no-such-bench >/dev/null 2>&1
for corpus in chat logs clean; do
  file="$corpora/$corpus-64KiB.txt"
  # Only the scans count: compiling the policy is left out. The first scan
  # also builds lazy-DFA states, which later scans reuse; it is counted
  # apart, and the steady state is the difference of two runs.
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      --toggle-collect='guardrail::scan::Scanner::scan_with' \
      "$target/release/examples/scan_loop" "$file" "$1" 2>&1 \
      | sed -n 's/.*refs: *//p' | tr -d ,
  }
  first=$(count 1)
  all=$(count $((times + 1)))
  bytes=$(wc -c < "$file")
  awk -v c="$corpus" -v f="$first" -v a="$all" -v b="$bytes" -v n="$times" \
    'BEGIN { printf "%-6s %6.1f instructions/byte (first scan %6.1f)\n", c, (a - f) / (b * n), f / b }'
done

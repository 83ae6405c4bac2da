#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each, one at a time:
#   fuzz/run.sh 20                  # the CI smoke run
#   fuzz/run.sh 600 scan_default    # a long run of one target
#   FUZZ_ARGS=-len_control=0 fuzz/run.sh 600 scan_policy   # extra libFuzzer flags
# Works on the stable toolchain: cargo-fuzz needs nightly flags, which
# RUSTC_BOOTSTRAP=1 allows. No sanitizer (the crate forbids unsafe code), with
# debug assertions (overflow checks). Committed seeds, crash regressions and
# dictionaries are read; new corpus entries go to fuzz/corpus/ (not committed).
set -euo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
seconds="${1:-20}"
shift || true
flags=(-s none -a)
cargo fuzz build "${flags[@]}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  dirs=("corpus/$t")
  for d in "seeds/$t" "regressions/$t"; do
    if [ -d "$d" ]; then dirs+=("$d"); fi
  done
  opts=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
  if [ -f "dicts/$t.dict" ]; then opts+=(-dict="dicts/$t.dict"); fi
  # shellcheck disable=SC2206 # FUZZ_ARGS is a list of flags
  opts+=(${FUZZ_ARGS:-})
  echo "== $t: ${seconds}s"
  cargo fuzz run "${flags[@]}" "$t" "${dirs[@]}" -- "${opts[@]}"
done

#!/usr/bin/env bash
# Same-run A/B of two builds of one command: runs OLD and NEW alternately
# (after two warm-up runs each) and prints the median and minimum wall time
# of each and their ratio (above 1: NEW is faster). OLD and NEW may be the
# same binary: a control run, which shows the noise of the moment.
# (CPU time would not be steadier: these single-threaded runs are not kept
# waiting for a core; the shared machine's noise is in how fast it runs.)
#
# Usage: benches/ab.sh OLD_BINARY NEW_BINARY "ARGS" [RUNS]   (RUNS: default 16)
# e.g.   benches/ab.sh /tmp/old/scan_loop target/release/examples/scan_loop "/tmp/corpus/chat-64KiB.txt 1000"
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,7p' "$0" >&2; exit 2; }
exec python3 - "$@" <<'PY'
import statistics, subprocess, sys, time

old, new, args = sys.argv[1], sys.argv[2], sys.argv[3].split()
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 16
times = ([], [])
def run(binary):
    start = time.perf_counter()
    subprocess.run([binary] + args, check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000
for side in (0, 1, 0, 1):
    run((old, new)[side])
for i in range(runs):
    for side in ((0, 1) if i % 2 == 0 else (1, 0)):
        times[side].append(run((old, new)[side]))
mo, mn = statistics.median(times[0]), statistics.median(times[1])
print(f"old: median {mo:.0f} ms, min {min(times[0]):.0f} ms")
print(f"new: median {mn:.0f} ms, min {min(times[1]):.0f} ms")
print(f"old/new: {mo / mn:.3f} by medians, {min(times[0]) / min(times[1]):.3f} by minimums ({runs} runs each)")
PY

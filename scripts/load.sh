#!/usr/bin/env bash
# Bounded load test of `guardrail serve` on loopback with wrk.
# Usage: scripts/load.sh [SECONDS (default 10, at most 600)] [CONNECTIONS (default 32)]
# Needs wrk (apt-get install wrk). Prints wrk's report, the server's RSS every
# 5 seconds during the run (flat means no leak) and its peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}; conns=${2:-32}
[ "$secs" -le 600 ] || { echo "at most 600 seconds" >&2; exit 2; }
cargo build --release --bin guardrail >/dev/null
work=$(mktemp -d)
./target/release/guardrail serve --listen 127.0.0.1:0 > "$work/out" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q '^listening on ' "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/out" | head -n 1)
# A 2 KB prompt: chat prose with one e-mail address and one phone number.
sentence="Hi team, could you check why the nightly export failed again? It worked fine last week. "
prompt=$(printf '%s' "$sentence"{1..22} | head -c 1950)
prompt="$prompt Reach me at jane.doe@example.com or +1 415 555 0132."
body=$(printf '{"source":"INPUT","content":[{"text":{"text":"%s"}}]}' "$prompt")
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$body]]
LUA
echo "body: ${#body} bytes, $conns connections, ${secs}s, $url"
rss() { awk '/^VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$pid/status"; }
wrk -t 2 -c "$conns" -d "${secs}s" --latency -s "$work/post.lua" "$url/guardrail/gr/version/DRAFT/apply" > "$work/wrk" &
load=$!
samples="0s $(rss)"
for ((t = 5; t < secs; t += 5)); do
  sleep 5
  samples="$samples, ${t}s $(rss)"
done
wait $load
cat "$work/wrk"
echo "server RSS: $samples, end $(rss)"
echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"

#!/usr/bin/env bash
# Bounded load test of `guardrail serve` on loopback.
#
# Usage: scripts/load.sh [--debug] [--remote-fail [--no-breaker]] [SECONDS] [CONNECTIONS]
#   SECONDS      measured run after a 5 s warm-up (default 10, at most 600)
#   CONNECTIONS  keep-alive connections sending at once (default 32)
#   --debug      debug builds (CI: already built, and no figures are taken from it)
#   --remote-fail  the policy has a [bedrock] judge that fails every call: a
#                second `guardrail serve --max-concurrency 0` that throttles
#                everything (429); fail closed, so every answer must be the
#                blocked message
#   --no-breaker with --remote-fail: a circuit that never opens, so every
#                request really calls the failing judge
#
# The load comes from examples/loadgen.rs (this repository's tokio and hyper,
# nothing to install). It prints throughput, p50/p99 latency and the server's
# RSS per interval, then the totals and the server's CPU time per request
# (which, unlike requests/s, does not depend on what the load generator
# takes from the shared cores), and exits 1 on any answer other than 2xx
# with the expected body, any connection error or hang, or server memory
# growing past 1.5x its size after the warm-up + 8 MB. It never fails on
# throughput or latency: the machine is shared, and so are its cores with
# the load generator.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
remote_fail=
breaker=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) profile=debug ;;
    --remote-fail) remote_fail=yes ;;
    --no-breaker) breaker= ;;
    --*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
secs=${1:-10}
conns=${2:-32}
case "$secs$conns" in *[!0-9]*) echo "SECONDS and CONNECTIONS are numbers" >&2; exit 2 ;; esac
[ "$secs" -ge 1 ] && [ "$secs" -le 600 ] || { echo "SECONDS must be 1 to 600" >&2; exit 2; }

build=()
[ "$profile" = release ] && build=(--release)
cargo build "${build[@]}" --bin guardrail >/dev/null
# Apart, and without the AWS SDK it does not use: built with the server,
# its dev-dependencies' features would rebuild the server's whole tree.
cargo build "${build[@]}" --example loadgen --no-default-features --features http >/dev/null
bin="${CARGO_TARGET_DIR:-target}/$profile"

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME ARGS...: starts `guardrail serve ARGS` on a free port; sets $url and $pid.
start() {
  local name=$1
  shift
  "$bin/guardrail" serve --listen 127.0.0.1:0 --no-watch "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pid=$!
  pids+=("$pid")
  url=
  for _ in $(seq 300); do
    url=$(sed -n 's/^listening on //p' "$work/$name.out" 2>/dev/null | head -n 1)
    [ -n "$url" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "guardrail serve ($name) did not start:" >&2
  cat "$work/$name.err" >&2
  exit 1
}

expect='{EMAIL}'
mode="default policy"
if [ -n "$remote_fail" ]; then
  start failing --max-concurrency 0
  failing=$url
  "$bin/guardrail" policy default > "$work/remote-fail.toml"
  {
    printf '\n[bedrock]\nguardrail_identifier = "grload"\nguardrail_version = "DRAFT"\n'
    printf 'region = "us-east-1"\nendpoint_url = "%s"\ntimeout_ms = 2000\nfail_mode = "closed"\n' "$failing"
    [ -n "$breaker" ] || printf 'circuit_failures = 1000000\n'
  } >> "$work/remote-fail.toml"
  expect=$(sed -n 's/^blocked_input_messaging = "\(.*\)"$/\1/p' "$work/remote-fail.toml")
  mode="default policy + a [bedrock] judge failing every call (429), fail closed, timeout 2 s, "
  mode+=$([ -n "$breaker" ] && echo "circuit breaker on (5 failures, 30 s)" || echo "no circuit breaker")
  # Static dummy credentials for the server's SDK; no AWS profile or IMDS.
  AWS_ACCESS_KEY_ID=AKIDLOAD AWS_SECRET_ACCESS_KEY=load-secret AWS_EC2_METADATA_DISABLED=true \
    AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent \
    start server --policy "$work/remote-fail.toml"
else
  start server
fi
server=$pid

# A 2 KB prompt: chat prose with one e-mail address and one phone number.
sentence="Hi team, could you check why the nightly export failed again? It worked fine last week. "
prompt=$(printf '%s' "$sentence"{1..22} | head -c 1950)
prompt="$prompt Reach me at jane.doe@example.com or +1 415 555 0132."
printf '{"source":"INPUT","content":[{"text":{"text":"%s"}}]}' "$prompt" > "$work/body.json"

interval=$(( secs / 20 ))
[ "$interval" -ge 1 ] || interval=1
echo "guardrail serve ($profile build, $mode) at $url; $(nproc) cores shared with the load generator"
status=0
"$bin/examples/loadgen" "$url/guardrail/gr/version/DRAFT/apply" "$work/body.json" \
  --connections "$conns" --seconds "$secs" --warmup 5 --interval "$interval" \
  --pid "$server" --expect "$expect" || status=$?
if [ -n "$remote_fail" ]; then
  # What the judge's failures came to (the counts add up to the requests).
  hostport=${url#http://}
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
  printf 'GET /metrics HTTP/1.0\r\nHost: %s\r\n\r\n' "$hostport" >&3
  grep -E '^guardrail_(requests_total|remote_)' <&3 || true
  exec 3<&-
fi
exit "$status"

#!/bin/sh
# Issue 21's figures: kon's console loop at scale, and a peer console on the
# same sim in the same run. Starts `kon sim` (its own process), then
# `kon bench`: key to frame through the console's loop during and after the
# initial sync (dashboard, pods table), CPU s/min and RSS of the synced idle
# console, and the same of the peer over the same idle window.
# Prints the figures; asserts nothing. Run from the repository root:
#   scripts/bench-loop.sh                      # release build, large scenario
#   KON=target/debug/kon SCENARIO=demo IDLE=20 scripts/bench-loop.sh
#   POD_CHURN=100 PEER=/work/peers/bin/kdash scripts/bench-loop.sh
# POD_CHURN (pod changes/s) needs a `kon sim` with --pod-churn.
set -eu
KON=${KON:-target/release/kon}
SCENARIO=${SCENARIO:-large}
IDLE=${IDLE:-60}
PEER_WARMUP=${PEER_WARMUP:-60}
dir=$(mktemp -d)
sim=
stop() { [ -n "$sim" ] && kill -INT "$sim" 2>/dev/null || true; }
trap 'stop; rm -rf "$dir"' EXIT

churn=
[ -n "${POD_CHURN:-}" ] && churn="--pod-churn $POD_CHURN"
# shellcheck disable=SC2086 # $churn is empty or two words
"$KON" sim --scenario "$SCENARIO" $churn --kubeconfig-out "$dir/kubeconfig" >"$dir/out" 2>"$dir/err" &
sim=$!
while ! grep -q '^kubeconfig:' "$dir/out" 2>/dev/null; do
    if ! kill -0 "$sim" 2>/dev/null; then cat "$dir/err"; exit 1; fi
    sleep 0.2
done
echo "sim: $(head -1 "$dir/out")${churn:+ ($churn)}"

if [ -n "${PEER:-}" ]; then
    set -- --peer "$PEER" --peer-warmup "$PEER_WARMUP"
else
    set --
fi
"$KON" bench --kubeconfig "$dir/kubeconfig" --no-kubectl --frames 100 --logs-seconds 0 \
    --idle-seconds "$IDLE" "$@"

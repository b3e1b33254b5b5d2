#!/bin/sh
# Scale benchmark of the simulated cluster: load the `large` scenario (5000
# nodes, 150000 pods) and serve a full `kubectl get pods -A -o json`.
# Prints the figures; asserts nothing. Run from the repository root:
#   scripts/bench-sim-large.sh
# With CHURN=N the sim also makes N pod changes/s (--pod-churn N) and the
# script counts the pod events a watch receives in WINDOW s (default 30;
# first thing after serving, before the big lists), with the sim's CPU
# seconds over that window. RSS is printed once serving and at the end.
# KON=path runs that binary instead of building target/release/kon.
set -eu
churn=${CHURN:-}
window=${WINDOW:-30}
kon=${KON:-target/release/kon}
if [ -z "${KON:-}" ]; then cargo build --release --locked >/dev/null; fi
# Seconds of CPU a process has used (ps's [[dd-]hh:]mm:ss).
cpu() { ps -o cputime= -p "$1" | awk -F'[-:]' '{s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s}'; }
dir=$(mktemp -d)
# $sim is /usr/bin/time; signals go to its child, kon.
stop() { pkill -INT -P "$sim" 2>/dev/null || true; }
trap 'stop; rm -rf "$dir"' EXIT

start=$(date +%s.%N)
/usr/bin/time -v -o "$dir/time" "$kon" sim --scenario large \
    ${churn:+--pod-churn "$churn"} \
    --kubeconfig-out "$dir/kubeconfig" >"$dir/out" 2>"$dir/err" &
sim=$!
while ! grep -q '^kubeconfig:' "$dir/out" 2>/dev/null; do
    if ! kill -0 "$sim" 2>/dev/null; then cat "$dir/err"; exit 1; fi
    sleep 0.2
done
ready=$(date +%s.%N)
echo "load: $(head -1 "$dir/out")"
echo "start to serving: $(echo "$ready - $start" | bc) s"
kon_pid=$(pgrep -P "$sim" | head -1)
echo "RSS once serving: $(($(ps -o rss= -p "$kon_pid") / 1024)) MiB"

if [ -n "$churn" ]; then
    # A watch from the current resourceVersion (kubectl get -w would list
    # every pod first).
    rv=$(KUBECONFIG="$dir/kubeconfig" kubectl get --raw '/api/v1/pods?limit=1' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["resourceVersion"])')
    c0=$(cpu "$kon_pid")
    KUBECONFIG="$dir/kubeconfig" timeout "$window" kubectl get --raw \
        "/api/v1/pods?watch=1&resourceVersion=$rv" >"$dir/watch" 2>/dev/null || true
    c1=$(cpu "$kon_pid")
    # One event a line; each line starts with its type.
    events=$(grep -c '^{"type"' "$dir/watch" || true)
    echo "pod churn $churn/s: $events pod events seen by a watch in $window s ($(echo "scale=1; $events / $window" | bc)/s)"
    # A churned deletion is one DELETED, its replacement one ADDED and one
    # MODIFIED (started); the three other changes of the cycle one MODIFIED
    # each: about 6 events per 4 changes.
    for t in ADDED MODIFIED DELETED; do
        printf '%s %s  ' "$t" "$(grep -c "^{\"type\":\"$t\"" "$dir/watch" || true)"
    done
    echo
    echo "sim CPU while churning: $((c1 - c0)) s over $window s"
fi

t0=$(date +%s.%N)
KUBECONFIG="$dir/kubeconfig" kubectl get pods -A -o json >"$dir/pods.json"
t1=$(date +%s.%N)
count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$dir/pods.json")
echo "kubectl get pods -A -o json: $count pods, $(du -m "$dir/pods.json" | cut -f1) MB, $(echo "$t1 - $t0" | bc) s"

t0=$(date +%s.%N)
bytes=$(KUBECONFIG="$dir/kubeconfig" kubectl get --raw /api/v1/pods | wc -c)
t1=$(date +%s.%N)
echo "GET /api/v1/pods in one answer (server side, no kubectl decoding): $((bytes / 1048576)) MB, $(echo "$t1 - $t0" | bc) s"

t0=$(date +%s.%N)
KUBECONFIG="$dir/kubeconfig" kubectl get nodes --no-headers | wc -l >"$dir/nodes"
t1=$(date +%s.%N)
echo "kubectl get nodes: $(cat "$dir/nodes") nodes, $(echo "$t1 - $t0" | bc) s"


echo "RSS at the end: $(($(ps -o rss= -p "$kon_pid") / 1024)) MiB"
stop
wait "$sim" || true
echo "peak memory (max RSS): $(awk -F': ' '/Maximum resident/ {printf "%.0f MiB", $2/1024}' "$dir/time")"

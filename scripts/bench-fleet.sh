#!/usr/bin/env bash
# `kon fleet` over 50 contexts: a few simulated clusters (demo, healthy),
# the rest unreachable (a closed port: refused at once) or slow (a listener
# that accepts and never answers: each takes the whole `[fleet] timeout`).
# Prints the time to a full fleet (all 50 rows), kon's peak RSS, and the
# requests each simulated cluster answered. It measures and asserts nothing.
#
#   scripts/bench-fleet.sh [KON_BINARY] [SIMS] [SLOW]
#
# Default binary: target/debug/kon (the lead re-runs it on target/release/kon).
# SIMS (default 4) alternate demo and healthy; SLOW (default 23) slow
# contexts; the rest of the 50 are closed ports. config.toml: the defaults
# (`[fleet] timeout = "5s"`, `concurrency = 8`) unless KON_CONFIG_DIR is set.
set -euo pipefail

kon=${1:-target/debug/kon}
sims=${2:-4}
slow=${3:-23}
contexts=50
closed=$((contexts - sims - slow))
if ((closed < 0)); then
    echo "SIMS + SLOW must be at most $contexts" >&2
    exit 2
fi

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export KON_STATE_DIR=$work/state
export KON_CONFIG_DIR=${KON_CONFIG_DIR:-$work/config}

# The simulated clusters, each its own process and kubeconfig.
for ((i = 0; i < sims; i++)); do
    scenario=$([[ $((i % 2)) == 0 ]] && echo demo || echo healthy)
    "$kon" sim --scenario "$scenario" --kubeconfig-out "$work/sim-$i.yaml" \
        --requests-out "$work/requests-$i.json" >"$work/sim-$i.log" 2>&1 &
    pids+=($!)
done
for ((i = 0; i < sims; i++)); do
    until grep -q '^kubeconfig:' "$work/sim-$i.log" 2>/dev/null; do sleep 0.2; done
done

# Slow: listeners that accept and never answer (not even the TLS handshake).
python3 - "$slow" >"$work/slow-ports" <<'PY' &
import socket, sys, time
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks), flush=True)
held = []
while True:
    for s in socks:
        s.setblocking(False)
        try:
            held.append(s.accept())
        except BlockingIOError:
            pass
    time.sleep(0.05)
PY
pids+=($!)
until [[ -s $work/slow-ports ]]; do sleep 0.1; done
read -r -a slow_ports <"$work/slow-ports"

# Closed: ports bound once and released, so nothing listens there.
closed_ports=$(python3 -c "
import socket
ss = [socket.socket() for _ in range($closed)]
for s in ss: s.bind(('127.0.0.1', 0))
print(' '.join(str(s.getsockname()[1]) for s in ss))")
read -r -a closed_ports <<<"$closed_ports"

# One kubeconfig file per context, merged through KUBECONFIG. The
# unreachable ones reuse the first sim's credentials with another server.
files=()
for ((i = 0; i < sims; i++)); do
    sed "s/kon-sim/sim-$i/g" "$work/sim-$i.yaml" >"$work/ctx-sim-$i.yaml"
    files+=("$work/ctx-sim-$i.yaml")
done
server=$(grep -m1 'server:' "$work/sim-0.yaml" | awk '{print $2}')
n=0
for port in "${slow_ports[@]}"; do
    sed -e "s/kon-sim/slow-$n/g" -e "s#$server#https://127.0.0.1:$port#" "$work/sim-0.yaml" >"$work/ctx-slow-$n.yaml"
    files+=("$work/ctx-slow-$n.yaml")
    n=$((n + 1))
done
n=0
for port in "${closed_ports[@]}"; do
    sed -e "s/kon-sim/closed-$n/g" -e "s#$server#https://127.0.0.1:$port#" "$work/sim-0.yaml" >"$work/ctx-closed-$n.yaml"
    files+=("$work/ctx-closed-$n.yaml")
    n=$((n + 1))
done
KUBECONFIG=$(IFS=:; echo "${files[*]}")
export KUBECONFIG

run() { # $1: label, then kon fleet's arguments
    local label=$1
    shift
    local start end code=0
    start=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$work/rss" "$kon" fleet -o json "$@" >"$work/out.json" 2>"$work/err" || code=$?
    end=$(date +%s.%N)
    local rows
    rows=$(python3 -c "import json,sys; print(len(json.load(open('$work/out.json'))))")
    python3 -c "print(f'{\"$label\":<28} {$rows:3d} rows  {$end - $start:6.2f} s  peak RSS {$(tail -n1 "$work/rss") / 1024:5.1f} MiB  exit $code')"
}

echo "kon fleet over $contexts contexts: $sims sims (demo, healthy), $slow slow, $closed closed ($kon)"
run "one context (sim-0, demo)" --contexts sim-0
run "the $sims sims" --contexts 'sim-*'
run "all $contexts contexts" 

# Requests each sim answered (over the three runs above: 3, 2 and 1 probes
# of sim-0 and sim-1..; divided here by how many probes each had).
for ((i = 0; i < sims; i++)); do kill -TERM "${pids[$i]}"; done
for ((i = 0; i < sims; i++)); do
    until [[ -s $work/requests-$i.json ]]; do sleep 0.1; done
done
python3 - "$work" "$sims" <<'PY'
import json, sys
work, sims = sys.argv[1], int(sys.argv[2])
for i in range(sims):
    r = json.load(open(f"{work}/requests-{i}.json"))
    probes = 3 if i == 0 else 2
    reqs = r["requests"]
    total = sum(reqs.values())
    watches = sum(v for k, v in reqs.items() if "?watch" in k)
    print(f"sim-{i}: {total / probes:.1f} requests a probe ({watches} watches in all), "
          f"{r['connections'] / probes:.1f} connections a probe")
    if i == 0:
        for k, v in sorted(reqs.items()):
            print(f"    {v / probes:4.0f}  {k}")
PY

#!/usr/bin/env bash
# Side-by-side HTTP benchmark: the sandbox against Prism (@stoplight/prism-cli 5.16.0, the
# usual OpenAPI mock) on the same contract operations, in one run, with the same load
# generator (bench/load). Prints requests/s, p50/p99 and the ratio, the median of RUNS runs.
# Also: the sandbox's start-up time to the first 200, and its resident memory with a world
# of 100,000 WLR lines.
#
#   bash bench/http.sh            # RUNS=3 DUR=10s CONNS=64 STRICT=true
# STRICT=false measures the sandbox without response validation (request validation is
# always on).
# Two measures per operation: the most each server serves with CONNS connections kept busy
# (closed loop: latency there is CONNS / throughput, queueing included), and the sandbox's
# latency when it is sent 10 times Prism's maximum rate over the same CONNS connections (open
# loop, bench/load -rate: latency counted from each request's scheduled time, so a stall is
# not hidden).
# The sandbox keeps what it is sent: before each create run its world is reset
# (POST /sandbox/v1/reset), so every run creates into the same default world, as every one of
# Prism's creates does.
# Both servers and the load generator share this machine's cores: the figures are ratios,
# not absolute capacities.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3} DUR=${DUR:-10s} CONNS=${CONNS:-64}
cache=${WPTI_CACHE:-$HOME/.cache/wpti-toolkit}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

prismdir=$cache/npm-prism
if [[ ! -x $prismdir/node_modules/.bin/prism ]]; then
  echo "installing @stoplight/prism-cli@5.16.0 into $prismdir"
  mkdir -p "$prismdir" && (cd "$prismdir" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund @stoplight/prism-cli@5.16.0 >/dev/null 2>&1)
fi
go build -o "$work/sandbox" ./cmd/sandbox
go build -o "$work/load" ./bench/load

wait_200() { # URL -> seconds waited
  local i
  for ((i = 0; i < 600; i++)); do
    curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null | grep -q '^200$' && return 0
    sleep 0.05
  done
  return 1
}

SB=http://127.0.0.1:18080 PR=http://127.0.0.1:14010
"$work/sandbox" --http 127.0.0.1:18080 --sftp "" --state-dir "$work/state" --quiet --clock-scale 0 --strict="${STRICT:-true}" >"$work/sb.log" 2>&1 &
pids+=($!)
node "$prismdir/node_modules/.bin/prism" mock -p 14010 -h 127.0.0.1 -v silent spec/wpti.yaml >"$work/prism.log" 2>&1 &
pids+=($!)
wait_200 "$SB/wpti/v1/openapi.yaml" || { echo "sandbox did not start"; cat "$work/sb.log"; exit 1; }
token() { curl -s -d grant_type=client_credentials -d client_id=olo001-crm -d client_secret=sandbox-olo001-segreto "$SB/wpti/v1/auth/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'; }
TOKEN=$(token)
# before_run [reset]: with reset, the sandbox's world goes back to the seed's before the run.
before_run() { [[ ${1:-} == reset ]] && curl -s -o /dev/null -X POST "$SB/sandbox/v1/reset" && TOKEN=$(token); return 0; }
for ((i = 0; i < 600; i++)); do
  c=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer x" "$PR/wlr/ordini" || true)
  [[ $c == 200 ]] && break
  sleep 0.1
done
[[ $c == 200 ]] || { echo "prism did not answer 200 on /wlr/ordini ($c)"; cat "$work/prism.log"; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# wrk (C, one thread pinned to a core) costs the machine far less CPU than a Go client, so it
# is used when installed (Debian package wrk); bench/load otherwise.
if command -v wrk >/dev/null 2>&1 && [[ ${LOADGEN:-wrk} == wrk ]]; then LOADGEN=wrk; else LOADGEN=go; fi
echo "load generator: $LOADGEN, $CONNS connections, $DUR per run, median of $RUNS runs"
wrk_run() { # url kind token -> "rps p99ms errors"
  local secs=${DUR%s} out
  local args=(-t1 -c"$CONNS" -d"${secs}s" --latency)
  if [[ $2 == create-azienda ]]; then
    out=$(WPTI_TOKEN=$3 taskset -c 1 wrk "${args[@]}" -s bench/create-azienda.lua "$1")
  else
    out=$(taskset -c 1 wrk "${args[@]}" -H "Authorization: Bearer $3" "$1")
  fi
  awk '/Requests\/sec/ {rps=$2} / 99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; p99=v} /Non-2xx/ {err=$NF} END {printf "%s %s %s\n", rps, p99, (err==""?0:err)}' <<<"$out"
}
tok() { if [[ $1 == x ]]; then echo x; else echo "$TOKEN"; fi; } # Prism takes any token
run() { # label url kind token [reset] -> "rps p99ms errors"
  local f="$work/$1.jsonl" r
  if [[ $LOADGEN == wrk ]]; then
    local DUR0=$DUR; DUR=2s; before_run "${5:-}"; wrk_run "$2" "$3" "$(tok "$4")" >/dev/null; DUR=$DUR0
    for ((r = 0; r < RUNS; r++)); do before_run "${5:-}"; wrk_run "$2" "$3" "$(tok "$4")"; done >"$f"
    echo "$(cut -d' ' -f1 "$f" | median) $(cut -d' ' -f2 "$f" | median) $(cut -d' ' -f3 "$f" | paste -sd+ | bc)"
    return
  fi
  before_run "${5:-}"
  "$work/load" -label "$1" -url "$2" -kind "$3" -token "$4" -c "$CONNS" -d 2s >/dev/null # warm-up
  for ((r = 0; r < RUNS; r++)); do
    before_run "${5:-}"
    "$work/load" -label "$1" -url "$2" -kind "$3" -token "$(tok "$4")" -c "$CONNS" -d "$DUR" >>"$f"
  done
  jsonl_summary "$f"
}
jsonl_summary() { # file -> "rps p99ms errors sentp99ms" (medians, errors summed)
  local rps p99 err sent
  rps=$(grep -o '"rps":[0-9.]*' "$1" | cut -d: -f2 | median)
  p99=$(grep -o '"p99ms":[0-9.]*' "$1" | cut -d: -f2 | median)
  err=$(grep -o '"errors":[0-9]*' "$1" | cut -d: -f2 | paste -sd+ | bc)
  sent=$(grep -o '"sentP99ms":[0-9.]*' "$1" | cut -d: -f2 | median)
  echo "$rps $p99 $err $sent"
}
fixed_rate() { # label url kind rate [reset] -> "rps p99ms errors sentp99ms" at that rate (open loop)
  local f="$work/$1-rate.jsonl" r
  for ((r = 0; r < RUNS; r++)); do
    before_run "${5:-}"
    taskset -c 1 "$work/load" -label "$1" -url "$2" -kind "$3" -token "$TOKEN" -c "$CONNS" -d "$DUR" -rate "$4" >>"$f"
  done
  jsonl_summary "$f"
}
printf '%-28s %12s %10s %8s\n' "operation / server" "req/s" "p99 ms" "errors"
declare -A PRPS
# list3: the same payload Prism sends (its example has 3 orders); list50: the default page.
for op in list3 list50 create; do
  reset=""
  case $op in
  list3) path="/wlr/ordini?perPagina=3" kind=get ;;
  list50) path=/wlr/ordini kind=get ;;
  create) path=/voip/aziende kind=create-azienda reset=reset ;;
  esac
  read -r srps sp99 serr _ < <(run "sb-$op" "$SB/wpti/v1$path" "$kind" "$TOKEN" $reset)
  read -r prps pp99 perr _ < <(run "prism-$op" "$PR$path" "$kind" "x")
  PRPS[$op]=$prps
  printf '%-28s %12.0f %10.2f %8s\n' "$op: sandbox" "$srps" "$sp99" "$serr" "$op: prism" "$prps" "$pp99" "$perr"
  printf '%-28s %12.1fx\n' "$op: ratio sandbox/prism" "$(bc -l <<<"$srps/$prps")"
done

# The sandbox's latency at 5 and 10 times Prism's maximum rate, same connections (open loop).
echo "sandbox at N x prism's maximum rate, $CONNS connections, open loop (bench/load -rate, pinned to core 1);"
echo "p99 from the scheduled send time (client stalls included) and from the write of the request:"
printf '%-28s %12s %10s %10s %8s\n' "operation / rate" "req/s" "p99 ms" "sent p99" "errors"
# Every run starts from the seed's world (the create runs above left their companies).
for op in list3 list50 create; do
  case $op in
  list3) path="/wlr/ordini?perPagina=3" kind=get ;;
  list50) path=/wlr/ordini kind=get ;;
  create) path=/voip/aziende kind=create-azienda ;;
  esac
  for mult in 5 10; do
    rate=$(bc <<<"${PRPS[$op]} * $mult / 1")
    read -r rrps rp99 rerr rsent < <(fixed_rate "sb-$op-$mult" "$SB/wpti/v1$path" "$kind" "$rate" reset)
    printf '%-28s %12.0f %10.2f %10.2f %8s\n' "$op: ${mult}x prism ($rate/s)" "$rrps" "$rp99" "$rsent" "$rerr"
  done
done

# Start-up to the first 200, with the state folder already made (keys exist) and from scratch.
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
startup() { # state-dir
  local t0 t1
  t0=$(date +%s%N)
  "$work/sandbox" --http 127.0.0.1:18081 --sftp 127.0.0.1:12222 --state-dir "$1" --quiet >"$work/start.log" 2>&1 &
  local p=$!
  until curl -s -o /dev/null -w '%{http_code}' -d grant_type=client_credentials -d client_id=olo001-crm -d client_secret=sandbox-olo001-segreto http://127.0.0.1:18081/wpti/v1/auth/token 2>/dev/null | grep -q 200; do sleep 0.005; done
  t1=$(date +%s%N)
  kill $p; wait $p 2>/dev/null || true
  echo $(((t1 - t0) / 1000000))
}
cold=$(startup "$work/cold")
warm=$(for i in 1 2 3; do startup "$work/cold"; done | median)
echo "start-up to first 200: ${warm} ms with an existing state folder (median of 3), ${cold} ms on the very first start (key generation)"

# Memory with 100,000 WLR lines (one CDR day).
mkdir -p "$work/fx100k"
cp fixtures/*.yaml "$work/fx100k/"
sed -i '0,/lineeWlr: 60/s//lineeWlr: 100000/' "$work/fx100k/operatori.yaml"
"$work/sandbox" --http 127.0.0.1:18082 --sftp "" --state-dir "$work/big" --fixtures "$work/fx100k" --cdr-days 1 --quiet >"$work/big.log" 2>&1 &
p=$!
pids+=($p)
wait_200 http://127.0.0.1:18082/wpti/v1/openapi.yaml || { echo "100k world did not start"; tail "$work/big.log"; exit 1; }
rss=$(awk '/VmRSS/ {print $2}' /proc/$p/status)
hwm=$(awk '/VmHWM/ {print $2}' /proc/$p/status)
echo "resident memory with 100,000 WLR lines: $((rss / 1024)) MB (peak $((hwm / 1024)) MB)"

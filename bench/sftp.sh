#!/usr/bin/env bash
# Side-by-side SFTP benchmark: the sandbox's SFTP server (package sftpd, started by the
# sandbox binary exactly as users start it) against OpenSSH's own sshd + internal-sftp,
# serving the same file from the same folder, measured by the same client (OpenSSH sftp).
#
#   sudo bash bench/sftp.sh        # from anywhere; RUNS=5 SIZE_MIB=256 SESSIONS=50
#
# 1. Data: the sandbox's own CDR day files (.csv.gz, real generated traffic), concatenated
#    into one valid multi-member gzip of about SIZE_MIB MiB (checked with gzip -t), put in
#    OLO001's tree at /CDR/bench/. SSH does not compress here, so this is equivalent to
#    random data for the cipher, but it is what an OLO actually downloads.
# 2. Throughput: `sftp -c aes256-gcm@openssh.com -b batch` gets the big file from each
#    server, RUNS times each (plus one warm-up each), alternating; prints the median MB/s
#    (10^6 bytes per second, wall time of the whole sftp process, login included) and the
#    ratio sandbox/OpenSSH (target >= 0.80). Each download's sha256 must equal the source.
#    Also per download: the server's CPU time (perf stat -p, which follows sshd's forks) and
#    the client's (sshpass + sftp + ssh): on a shared 2-core machine the CPU a server burns
#    per byte is steadier than its wall-clock throughput.
#    Diagnostic row: OpenSSH again with `sftp -B 32768`, the read size the client uses
#    against the sandbox (which, like pkg/sftp, does not advertise limits@openssh.com, so
#    the client falls back to 32 KiB reads while it reads 255 KiB from sshd).
# 3. Concurrency: bench/sftpload opens SESSIONS sessions at once (OLO001 from 127.0.0.1,
#    OLO002 from 127.0.0.2 and 127.0.0.3), each downloads every file of its OLO's tree (the
#    generated CDR/DOC files plus SET_FILES distinct files of about SET_MIB MiB; the big
#    file is skipped) and checks each one's sha256 against the source: total MB/s and the
#    number of mismatches (must be 0).
#
# Why the sandbox binary rather than sftpd in a test program: it is the server users run
# (its audit log, its logger, its accounts from fixtures/operatori.yaml); the tree it
# creates is served live through os.Root, so files added after start are served at once.
# OpenSSH gets the same two factors (AuthenticationMethods publickey,password) for a
# throwaway system user, the same client key, cipher, MACs and KEX, and read-only
# internal-sftp (-R); no ChrootDirectory (it needs a root-owned path, /tmp is not), which
# does not change throughput. Both servers and every client share this machine's cores:
# read the ratios, not the absolute figures.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5} SIZE_MIB=${SIZE_MIB:-256} SESSIONS=${SESSIONS:-50}
SET_FILES=${SET_FILES:-4} SET_MIB=${SET_MIB:-8}
SB_HTTP=${SB_HTTP_PORT:-18380} SB_SFTP=${SB_SFTP_PORT:-18322} SSHD_PORT=${SSHD_PORT:-18323}
BENCH_USER=wpti-sftp-bench
BENCH_GECOS="wpti sftp bench throwaway user"

die() { echo "bench/sftp.sh: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || die "run as root: it starts sshd and creates a throwaway system user"
for c in go sftp sshpass ssh-keygen sha256sum gzip useradd userdel chpasswd ss awk bc; do
  command -v "$c" >/dev/null || die "missing command: $c (Debian: openssh-client sshpass passwd iproute2 bc)"
done
if [[ ! -x /usr/sbin/sshd ]]; then
  echo "installing openssh-server (apt-get)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-server >/dev/null || die "apt-get install openssh-server failed"
fi
for p in "$SB_HTTP" "$SB_SFTP" "$SSHD_PORT"; do
  if ss -Hltn "sport = :$p" | grep -q .; then die "port $p is busy (set SB_HTTP_PORT, SB_SFTP_PORT or SSHD_PORT)"; fi
done

work=$(mktemp -d /tmp/wpti-sftp-bench.XXXXXX)
dl=$(mktemp -d /dev/shm/wpti-sftp-bench.XXXXXX 2>/dev/null || mktemp -d "$work/dl.XXXXXX")
state=$work/state
sb_pid="" sshd_pid="" perf_pid="" made_user=0 made_run_sshd=0
cleanup() {
  local rc=$?
  set +e
  if [[ -n $perf_pid ]]; then kill -INT "$perf_pid" 2>/dev/null; wait "$perf_pid" 2>/dev/null; fi
  if [[ -n $sshd_pid ]]; then kill "$sshd_pid" 2>/dev/null; wait "$sshd_pid" 2>/dev/null; fi
  if [[ -n $sb_pid ]]; then kill "$sb_pid" 2>/dev/null; wait "$sb_pid" 2>/dev/null; fi
  if ((made_user)); then userdel "$BENCH_USER" || echo "bench/sftp.sh: userdel $BENCH_USER failed" >&2; fi
  if ((made_run_sshd)); then rmdir /run/sshd; fi
  rm -rf "$work" "$dl"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== build"
go build -o "$work/sandbox" ./cmd/sandbox
go build -o "$work/sftpload" ./bench/sftpload

echo "== sandbox (SFTP 127.0.0.1:$SB_SFTP, state $state)"
"$work/sandbox" --http "127.0.0.1:$SB_HTTP" --sftp "127.0.0.1:$SB_SFTP" --state-dir "$state" \
  --fixtures fixtures --quiet --clock-scale 0 >"$work/sandbox.log" 2>&1 &
sb_pid=$!
for ((i = 0; i < 300; i++)); do
  grep -q 'Ctrl-C' "$work/sandbox.log" 2>/dev/null && break
  kill -0 "$sb_pid" 2>/dev/null || { cat "$work/sandbox.log" >&2; die "the sandbox exited at start-up"; }
  sleep 0.1
done
grep -q 'Ctrl-C' "$work/sandbox.log" || { cat "$work/sandbox.log" >&2; die "the sandbox did not start in 30 s"; }
tree=$state/sftp/seed-1
olo1=$tree/OLO001 olo2=$tree/OLO002
key1=$state/olo001_rsa key2=$state/olo002_rsa
[[ -d $olo1/CDR && -d $olo2/CDR && -f $key1 && -f $key2 && -f $state/password-olo001 ]] ||
  die "the sandbox's state folder lacks the OLO001/OLO002 trees, keys or password"
pass1=$state/password-olo001
pass2=$work/password-olo002
awk '/username: olo002$/ {f = 1} f && /password:/ {print $2; exit}' fixtures/operatori.yaml >"$pass2"
[[ -s $pass2 ]] || cp "$state/password-olo002" "$pass2" 2>/dev/null || die "no password for olo002 in fixtures/operatori.yaml nor in the state folder"

echo "== data: real CDR .csv.gz members concatenated (valid multi-member gzip)"
mapfile -t members < <(find "$tree" -path '*/CDR/*' -name 'CDR_*.csv.gz' | sort)
((${#members[@]} > 1)) || die "the sandbox generated no CDR files under $tree"
size_of() { stat -c %s "$1"; }
# fill OUT BYTES ROTATION: OUT = the CDR members, starting at member ROTATION, repeated until
# OUT holds at least BYTES; different rotations give different files.
fill() {
  local out=$1 want=$2 rot=$3 n=${#members[@]} i round=$work/round chunk=$work/chunk
  : >"$round"
  for ((i = 0; i < n; i++)); do cat "${members[(i + rot) % n]}" >>"$round"; done
  cp "$round" "$chunk"
  while (($(size_of "$chunk") * 2 <= want / 8)); do cat "$chunk" "$chunk" >"$chunk.2" && mv "$chunk.2" "$chunk"; done
  : >"$out"
  while (($(size_of "$out") < want)); do
    if (($(size_of "$out") + $(size_of "$chunk") <= want)); then cat "$chunk" >>"$out"; else cat "$round" >>"$out"; fi
  done
  rm -f "$round" "$chunk"
}
mkdir -p "$olo1/CDR/bench" "$olo2/CDR/bench"
big_rel=CDR/bench/CDR_OLO001_BENCH_${SIZE_MIB}MiB.csv.gz
big=$olo1/$big_rel
fill "$big" $((SIZE_MIB << 20)) 0
gzip -t "$big" || die "the generated file is not valid gzip"
big_size=$(size_of "$big")
big_sum=$(sha256sum "$big" | cut -d' ' -f1)
for ((k = 1; k <= SET_FILES; k++)); do
  fill "$olo1/CDR/bench/CDR_OLO001_SET_$k.csv.gz" $((SET_MIB << 20)) "$k"
  fill "$olo2/CDR/bench/CDR_OLO002_SET_$k.csv.gz" $((SET_MIB << 20)) $((k + 100))
done
printf 'big file: /%s, %d bytes, sha256 %s (%d members in rotation, gunzips to real CDR CSV)\n' \
  "$big_rel" "$big_size" "$big_sum" "${#members[@]}"

echo "== OpenSSH sshd (127.0.0.1:$SSHD_PORT, user $BENCH_USER, same client key)"
if id "$BENCH_USER" >/dev/null 2>&1; then
  [[ $(getent passwd "$BENCH_USER" | cut -d: -f5) == "$BENCH_GECOS" ]] ||
    die "user $BENCH_USER exists and is not this script's throwaway user: not touching it"
else
  useradd --system --no-create-home --home-dir "$olo1" --shell /usr/sbin/nologin --comment "$BENCH_GECOS" "$BENCH_USER"
fi
made_user=1
passo=$work/password-openssh
head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$passo"
echo "$BENCH_USER:$(cat "$passo")" | chpasswd
# the throwaway user must reach the file and the authorized_keys (sshd reads them as the user)
chmod 711 "$work" "$state"
sd=$work/sshd
mkdir -p "$sd"
chmod 755 "$sd"
ssh-keygen -q -t rsa -b 2048 -N '' -C bench-sshd-host -f "$sd/host_rsa"
ssh-keygen -y -f "$key1" >"$sd/authorized_keys"
chmod 644 "$sd/authorized_keys"
cat >"$sd/sshd_config" <<EOF
ListenAddress 127.0.0.1
HostKey $sd/host_rsa
PidFile $sd/sshd.pid
AuthorizedKeysFile $sd/authorized_keys
AuthenticationMethods publickey,password
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $BENCH_USER
UsePAM no
StrictModes no
Ciphers aes256-gcm@openssh.com
MACs hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com
KexAlgorithms curve25519-sha256
HostKeyAlgorithms rsa-sha2-512,rsa-sha2-256
PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256
RequiredRSASize 2048
Compression no
X11Forwarding no
AllowTcpForwarding no
Subsystem sftp internal-sftp -R
EOF
if [[ ! -d /run/sshd ]]; then mkdir -m 755 /run/sshd && made_run_sshd=1; fi
/usr/sbin/sshd -t -f "$sd/sshd_config" || die "sshd rejects the generated config $sd/sshd_config"
/usr/sbin/sshd -D -e -f "$sd/sshd_config" -p "$SSHD_PORT" 2>"$work/sshd.log" &
sshd_pid=$!
for ((i = 0; i < 100; i++)); do
  ss -Hltn "sport = :$SSHD_PORT" | grep -q . && break
  kill -0 "$sshd_pid" 2>/dev/null || { cat "$work/sshd.log" >&2; die "sshd exited at start-up"; }
  sleep 0.1
done
ss -Hltn "sport = :$SSHD_PORT" | grep -q . || die "sshd is not listening on $SSHD_PORT"

# Both host keys pinned: StrictHostKeyChecking stays on.
kh=$work/known_hosts
{
  echo "[127.0.0.1]:$SB_SFTP $(ssh-keygen -y -f "$state/host_rsa")"
  echo "[127.0.0.1]:$SSHD_PORT $(ssh-keygen -y -f "$sd/host_rsa")"
} >"$kh"

# Server CPU: `perf stat -p` counts the task-clock of the server and of every process it
# forks meanwhile (sshd forks per connection; /proc's cutime misses those, as sshd's
# monitor does not reap its children). Without perf the column reads n/a.
have_perf=0
if command -v perf >/dev/null && perf stat -e task-clock -x, -o /dev/null true 2>/dev/null; then have_perf=1; fi
# sftp_get SERVER [EXTRA-SFTP-ARGS...]: downloads the big file once, checks its sha256;
# writes "wall-seconds server-cpu-seconds client-cpu-seconds" (client = sshpass, sftp, ssh)
# to $work/result. Not run in a subshell, so that die stops the script and cleanup sees perf.
sftp_get() {
  local server=$1 port user pass remote out t0 t1 spid sum i rc scpu=n/a
  shift
  case $server in
    sandbox) port=$SB_SFTP user=olo001 pass=$pass1 remote=/$big_rel spid=$sb_pid ;;
    openssh) port=$SSHD_PORT user=$BENCH_USER pass=$passo remote=$big spid=$sshd_pid ;;
  esac
  out=$dl/$server.bin
  printf 'get %s %s\n' "$remote" "$out" >"$work/batch.$server"
  if ((have_perf)); then
    perf stat -e task-clock -x, -o "$work/perf.stat" -p "$spid" 2>/dev/null &
    perf_pid=$!
    sleep 0.3 # attached before the client connects
  fi
  t0=$(date +%s%N)
  rc=0
  (sshpass -f "$pass" sftp -q -F /dev/null -P "$port" -i "$key1" "$@" \
    -c aes256-gcm@openssh.com -o KexAlgorithms=curve25519-sha256 \
    -o IdentitiesOnly=yes -o UserKnownHostsFile="$kh" -o StrictHostKeyChecking=yes \
    -o PreferredAuthentications=publickey,password -o BatchMode=no -o LogLevel=ERROR \
    -b "$work/batch.$server" "$user@127.0.0.1" >"$work/sftp.$server.log" 2>&1 && times >"$work/times") || rc=$?
  if ((rc)); then
    cat "$work/sftp.$server.log" >&2
    die "sftp download from $server failed (exit $rc; sshpass exits 5 when the password is refused)"
  fi
  t1=$(date +%s%N)
  if ((have_perf)); then
    # sshd's per-connection processes must have ended to be counted in full
    for ((i = 0; i < 200; i++)); do pgrep -P "$spid" >/dev/null || break; sleep 0.01; done
    kill -INT "$perf_pid"
    wait "$perf_pid" || true
    perf_pid=""
    scpu=$(awk -F, '/task-clock/ {printf "%.3f", $1 / 1000}' "$work/perf.stat")
  fi
  sum=$(sha256sum "$out" | cut -d' ' -f1)
  [[ $sum == "$big_sum" ]] || die "download from $server: sha256 $sum, source $big_sum ($(size_of "$out") of $big_size bytes)"
  rm -f "$out"
  # times' second line: children's user and system time, as 0m1.234s 0m0.567s
  echo "$(bc -l <<<"($t1 - $t0) / 1000000000") ${scpu:-n/a}" \
    "$(tail -1 "$work/times" | sed -E 's/([0-9]+)m([0-9.]+)s/(\1*60+\2)/g; s/ /+/' | bc -l)" >"$work/result"
}
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
mbps() { bc -l <<<"$big_size / $1 / 1000000"; }

echo "== throughput: $RUNS runs each of a $big_size-byte download, alternating (plus one warm-up each)"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
servers=(sandbox openssh openssh-32k)
sftp_for() { # SERVER-LABEL -> sftp_get call
  case $1 in
    openssh-32k) sftp_get openssh -B 32768 ;;
    *) sftp_get "$1" ;;
  esac
}
for s in "${servers[@]}"; do sftp_for "$s"; done
declare -A T SC CC
for ((r = 1; r <= RUNS; r++)); do
  order=("${servers[@]}")
  ((r % 2 == 0)) && order=(openssh-32k openssh sandbox)
  for s in "${order[@]}"; do
    sftp_for "$s"
    read -r t sc cc <"$work/result"
    T[$s]+="$t " SC[$s]+="$sc " CC[$s]+="$cc "
    printf '   run %d %-12s %7.3f s %8.1f MB/s  server CPU %5s s  client CPU %5.2f s  sha256 ok\n' \
      "$r" "$s" "$t" "$(mbps "$t")" "$sc" "$cc"
  done
done
med() { tr ' ' '\n' <<<"$1" | grep . | median; }
declare -A M
printf '%-40s %11s %12s %12s\n' "server (OpenSSH 9.2 sftp client)" "median MB/s" "server CPU s" "client CPU s"
for s in "${servers[@]}"; do
  M[$s]=$(mbps "$(med "${T[$s]}")")
  case $s in
    sandbox) label="sandbox (sftpd: x/crypto + pkg/sftp)" ;;
    openssh) label="OpenSSH 9.2 sshd, internal-sftp" ;;
    openssh-32k) label="OpenSSH, client forced to 32 KiB reads" ;;
  esac
  sc=n/a
  ((have_perf)) && sc=$(med "${SC[$s]}")
  printf '%-40s %11.1f %12s %12.2f\n' "$label" "${M[$s]}" "$sc" "$(med "${CC[$s]}")"
done
ratio=$(bc -l <<<"${M[sandbox]} / ${M[openssh]}")
printf 'ratio sandbox/OpenSSH: %.2f (target >= 0.80: %s); sandbox/OpenSSH-32KiB-reads: %.2f\n' \
  "$ratio" "$( (($(bc <<<"$ratio >= 0.80"))) && echo met || echo NOT met)" "$(bc -l <<<"${M[sandbox]} / ${M[openssh-32k]}")"

echo "== $SESSIONS concurrent OLO sessions against the sandbox, every file of each tree, sha256-checked"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
rc=0
"$work/sftpload" -addr "127.0.0.1:$SB_SFTP" -sessions "$SESSIONS" -host-key "$state/host_rsa" \
  -max-size $(((SET_MIB + 8) << 20)) \
  -account "user=olo001,key=$key1,passfile=$pass1,ip=127.0.0.1,local=$olo1" \
  -account "user=olo002,key=$key2,passfile=$pass2,ip=127.0.0.2,local=$olo2" \
  -account "user=olo001,key=$key1,passfile=$pass1,ip=127.0.0.1,local=$olo1" \
  -account "user=olo002,key=$key2,passfile=$pass2,ip=127.0.0.3,local=$olo2" \
  >"$work/load.json" || rc=$?
cat "$work/load.json"
[[ -s $work/load.json ]] || die "sftpload failed (exit $rc)"
j() { grep -o "\"$1\":[0-9.e+-]*" "$work/load.json" | cut -d: -f2; }
printf 'concurrent: %d sessions, %d files, %.1f MB in %.2f s = %.1f MB/s total (per session %.1f-%.1f MB/s), login of all sessions %.2f s\n' \
  "$(j sessions)" "$(j files)" "$(bc -l <<<"$(j bytes) / 1000000")" "$(j seconds)" "$(j MBps)" \
  "$(j perSessionMinMBps)" "$(j perSessionMaxMBps)" "$(j loginSeconds)"
printf 'mismatches: %d (missing %d, extra %d, errors %d)\n' "$(j mismatches)" "$(j missing)" "$(j extra)" "$(j errors)"
((rc == 0)) || die "the concurrent run found differences or errors (see firstErrors above)"
audit_dl=$(grep -c '"event":"download"' "$state/audit.log" || true)
echo "sandbox audit log: $audit_dl download lines; sandbox errors logged: $(grep -ci 'panic\|error' "$work/sandbox.log" || true)"

#!/usr/bin/env bash
# Benchmark `nines report` against the floor and the peers in this folder (floor/: csv + chrono
# reading every record; duckdb_peer.py; optionally pandas_peer.py) on one generated events file.
# Everything it needs comes from the clone and the package registries. See bench/README.md.
#
# usage: bench/run.sh [--with-pandas] [--with-features] [--no-nines] [--no-build] [-h|--help]
# exit:  0 when every tool ran and nines (and pandas) agree with DuckDB; 1 otherwise
#   --with-pandas  also time pandas_peer.py (installs pandas into the virtual environment)
#   --with-features  also time nines with calendar periods, counting rules and burn alerts
#   --no-nines     time the floor and the peers only
#   --no-build     don't run cargo (binaries must already exist)
# env:   RUNS (5)            timed runs per tool (tools alternate within each round)
#        BENCH_DIR (/tmp/nines-bench)   where the events file lives
#        EVENTS (10000000) SERVICES (1000) SEED (42)   generator parameters
#        EVENTS_FILE         use this events file instead (not generated; must exist)
#        NINES               path to a nines binary (skips `cargo build` of the repo)
#        FLOOR_TARGET (<repo>/target/bench-floor)   cargo target dir for the floor
#        BENCH_VENV (<repo>/target/bench-venv)     virtual environment for DuckDB and pandas
#        PYTHON (python3)    the Python that makes the virtual environment
set -euo pipefail

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; }

WITH_PANDAS=0
WITH_FEATURES=0
DO_BUILD=1
NO_NINES=0
for arg in "$@"; do
  case "$arg" in
    --with-pandas) WITH_PANDAS=1 ;;
    --with-features) WITH_FEATURES=1 ;;
    --no-build) DO_BUILD=0 ;;
    --no-nines) NO_NINES=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] ERROR: $*" >&2; exit 1; }

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
if REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null)"; then :; else
  REPO_ROOT="$(cd -- "$SCRIPT_DIR/.." && pwd -P)"
fi

RUNS="${RUNS:-5}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
BENCH_DIR="${BENCH_DIR:-/tmp/nines-bench}"
EVENTS="${EVENTS:-10000000}"
SERVICES="${SERVICES:-1000}"
SEED="${SEED:-42}"
FLOOR_TARGET="${FLOOR_TARGET:-$REPO_ROOT/target/bench-floor}"
BENCH_VENV="${BENCH_VENV:-$REPO_ROOT/target/bench-venv}"
PYTHON="${PYTHON:-python3}"
TIME_BIN=/usr/bin/time
if [[ ! -x "$TIME_BIN" ]]; then
  log "installing GNU time (Debian package time), which measures wall time and peak memory"
  as_root=()
  [[ "$(id -u)" == 0 ]] || as_root=(sudo)
  "${as_root[@]}" apt-get install -y time >&2 ||
    { "${as_root[@]}" apt-get update >&2 && "${as_root[@]}" apt-get install -y time >&2; }
fi
[[ -x "$TIME_BIN" ]] || die "$TIME_BIN not found (apt-get install time)"
command -v "$PYTHON" >/dev/null || die "$PYTHON not found"

# ---------------------------------------------------------------- (a) builds
FLOOR="$FLOOR_TARGET/release/floor"
if [[ "$DO_BUILD" == 1 ]]; then
  log "building the floor (target dir $FLOOR_TARGET)"
  cargo build --release --quiet --locked --manifest-path "$SCRIPT_DIR/floor/Cargo.toml" \
    --target-dir "$FLOOR_TARGET" >&2
fi
[[ -x "$FLOOR" ]] || die "floor binary missing at $FLOOR (run without --no-build)"

NINES_SKIP_REASON=""
if [[ "$NO_NINES" == 1 ]]; then
  NINES_SKIP_REASON="--no-nines given"
elif [[ -n "${NINES:-}" ]]; then
  [[ -x "$NINES" ]] || die "NINES=$NINES is not an executable"
  log "using NINES=$NINES (not building the repo)"
else
  NINES="$REPO_ROOT/target/release/nines"
  if [[ "$DO_BUILD" == 1 ]]; then
    if [[ -f "$REPO_ROOT/Cargo.toml" ]]; then
      log "building nines (cargo build --release in $REPO_ROOT)"
      if ! (cd "$REPO_ROOT" && cargo build --release --quiet >&2); then
        NINES_SKIP_REASON="cargo build --release failed in $REPO_ROOT"
      fi
    else
      NINES_SKIP_REASON="no Cargo.toml in $REPO_ROOT yet"
    fi
  fi
  if [[ -z "$NINES_SKIP_REASON" && ! -x "$NINES" ]]; then
    NINES_SKIP_REASON="binary not found at $NINES"
  fi
fi
if [[ -n "$NINES_SKIP_REASON" ]]; then
  log "SKIPPING nines: $NINES_SKIP_REASON (build it, or set NINES=/path/to/nines)"
fi

# ---------------------------------------------------------------- (b) python deps
# The peers run in a virtual environment of their own, filled from PyPI.
if [[ ! -x "$BENCH_VENV/bin/python" ]]; then
  log "making a virtual environment at $BENCH_VENV"
  "$PYTHON" -m venv "$BENCH_VENV" >&2
fi
VENV_PYTHON="$BENCH_VENV/bin/python"
ensure_py() {  # module pip-requirement
  if ! "$VENV_PYTHON" -c "import $1" 2>/dev/null; then
    log "installing $2 into $BENCH_VENV"
    "$VENV_PYTHON" -m pip install --quiet "$2" >&2
  fi
  "$VENV_PYTHON" -c "import $1" || die "python module $1 unavailable after pip install"
}
ensure_py duckdb 'duckdb>=1,<3'
[[ "$WITH_PANDAS" == 1 ]] && ensure_py pandas 'pandas>=2,<3'
true

# ---------------------------------------------------------------- (c) events file
mkdir -p "$BENCH_DIR"
if [[ -n "${EVENTS_FILE:-}" ]]; then
  [[ -s "$EVENTS_FILE" ]] || die "EVENTS_FILE=$EVENTS_FILE missing or empty"
else
  if [[ "$EVENTS" == 10000000 && "$SERVICES" == 1000 && "$SEED" == 42 ]]; then
    EVENTS_FILE="$BENCH_DIR/events-10M.csv"
  else
    EVENTS_FILE="$BENCH_DIR/events-${EVENTS}x${SERVICES}-seed${SEED}.csv"
  fi
  if [[ ! -s "$EVENTS_FILE" ]]; then
    log "generating $EVENTS_FILE ($EVENTS events, $SERVICES services, seed $SEED)"
    gen_start=$(date +%s.%N)
    "$PYTHON" "$SCRIPT_DIR/gen_events.py" --events "$EVENTS" --services "$SERVICES" \
      --seed "$SEED" --out "$EVENTS_FILE.tmp.$$"
    mv -f "$EVENTS_FILE.tmp.$$" "$EVENTS_FILE"
    log "generated in $(awk -v a="$gen_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
  fi
fi
EVENTS_FILE="$(cd -- "$(dirname -- "$EVENTS_FILE")" && pwd -P)/$(basename -- "$EVENTS_FILE")"

# ---------------------------------------------------------------- (d) window
FROM="$(head -n 2 "$EVENTS_FILE" | tail -n 1 | cut -d, -f1)"
TO="$(tail -n 1 "$EVENTS_FILE" | cut -d, -f1)"
ts_re='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})$'
[[ "$FROM" =~ $ts_re && "$TO" =~ $ts_re ]] || die "could not read FROM/TO from $EVENTS_FILE (got '$FROM' / '$TO')"

# ---------------------------------------------------------------- (e) timed runs
TOOLS=(floor)
[[ -z "$NINES_SKIP_REASON" ]] && TOOLS+=(nines nines-stdin nines-platform)
[[ -z "$NINES_SKIP_REASON" && "$WITH_FEATURES" == 1 ]] && TOOLS+=(nines-months nines-slots nines-burn)
TOOLS+=(duckdb)
[[ "$WITH_PANDAS" == 1 ]] && TOOLS+=(pandas)

tool_cmd() {  # prints nothing; sets CMD array
  case "$1" in
    floor)  CMD=("$FLOOR" "$EVENTS_FILE") ;;
    nines)  CMD=("$NINES" report "$EVENTS_FILE" --from "$FROM" --to "$TO" --format json --no-config) ;;
    # stdin is read by one thread: the figure without parallel chunks
    nines-stdin) CMD=(sh -c '"$0" report - --from "$1" --to "$2" --format json --no-config < "$3"' \
                      "$NINES" "$FROM" "$TO" "$EVENTS_FILE") ;;
    # the same report with every service in one group of mode all, merged instant by instant
    nines-platform) CMD=("$NINES" report "$EVENTS_FILE" --from "$FROM" --to "$TO" --format json \
                         --platform --no-config) ;;
    # the same report, also per calendar month in a zone with daylight-saving time
    nines-months) CMD=("$NINES" report "$EVENTS_FILE" --from "$FROM" --to "$TO" --format json \
                       --period month --tz Europe/Berlin --no-config) ;;
    # minute slots and one-minute minimum incidents, as cloud SLAs count
    nines-slots) CMD=("$NINES" report "$EVENTS_FILE" --from "$FROM" --to "$TO" --format json \
                      --granularity 1m --min-incident 1m --no-config) ;;
    # the burn-rate alerts at the end of the file; exit 1 means an alert pages, not a failure
    nines-burn) CMD=(sh -c '"$0" burn "$1" --at "$2" --format json --no-config; test $? -le 1' \
                     "$NINES" "$EVENTS_FILE" "$TO") ;;
    duckdb) CMD=("$VENV_PYTHON" "$SCRIPT_DIR/duckdb_peer.py" "$EVENTS_FILE" "$FROM" "$TO") ;;
    pandas) CMD=("$VENV_PYTHON" "$SCRIPT_DIR/pandas_peer.py" "$EVENTS_FILE" "$FROM" "$TO") ;;
  esac
}

# what each tool printed, as one short line
summarize_output() {  # tool stdout_file
  if [[ "$1" == nines-platform ]]; then
    "$PYTHON" -c 'import json,sys; s=json.load(open(sys.argv[1]))["services"]; p=s[0]; print(len(s) - 1, round(sum(x["downtime_seconds"] for x in s[1:]), 3), "+ platform", round(p["downtime_seconds"], 3))' "$2"
  elif [[ "$1" == nines-burn ]]; then
    "$PYTHON" -c 'import json,sys; s=json.load(open(sys.argv[1]))["services"]; print(len(s), "services,", sum(x["firing"] is not None for x in s), "firing")' "$2"
  elif [[ "$1" == nines* ]]; then
    "$PYTHON" -c 'import json,sys; s=json.load(open(sys.argv[1]))["services"]; print(len(s), round(sum(x["downtime_seconds"] for x in s), 3))' "$2"
  else
    tr '\n' ' ' < "$2" | sed 's/ *$//'
  fi
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/nines-bench-run.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
RESULTS="$WORK/results.tsv"   # tool \t run \t wall_s \t peak_kb \t output
: > "$RESULTS"
declare -A FAILED=()

log "warming the page cache"
cat "$EVENTS_FILE" > /dev/null

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
ntools=${#TOOLS[@]}
for ((r = 1; r <= RUNS; r++)); do
  for ((k = 0; k < ntools; k++)); do
    tool="${TOOLS[$(( (k + r - 1) % ntools ))]}"   # rotate who goes first each round
    [[ -n "${FAILED[$tool]:-}" ]] && continue
    tool_cmd "$tool"
    out="$WORK/$tool.$r.out"; err="$WORK/$tool.$r.err"; tim="$WORK/$tool.$r.time"
    log "run $r/$RUNS: $tool"
    if "$TIME_BIN" -f '%e %M' -o "$tim" "${CMD[@]}" > "$out" 2> "$err"; then
      read -r wall kb < <(tail -n 1 "$tim")
      if ! summary="$(summarize_output "$tool" "$out" 2>>"$err")"; then
        if [[ -s "$out" ]]; then
          summary="UNPARSABLE OUTPUT: $(head -c 60 "$out" | tr '\n|' '  ')..."
        else
          summary="UNPARSABLE OUTPUT: (stdout empty)"
        fi
      fi
      printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$r" "$wall" "$kb" "$summary" >> "$RESULTS"
    else
      FAILED[$tool]=1
      log "$tool FAILED on run $r; stderr tail:"
      tail -n 20 "$err" | sed 's/^/    /' >&2
      printf '%s\t%s\tFAIL\tFAIL\t%s\n' "$tool" "$r" "FAILED (exit status; see log above)" >> "$RESULTS"
    fi
  done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- (f) report
CPU_MODEL="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)"
MEM_TOTAL="$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
FILE_MB="$(awk -v b="$(stat -c %s "$EVENTS_FILE")" 'BEGIN{printf "%.1f", b/1e6}')"
DUCKDB_VER="$("$VENV_PYTHON" -c 'import duckdb; print(duckdb.__version__)' 2>/dev/null || echo '?')"
NINES_REV="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo 'no-commit')"
if [[ -n "$(git -C "$REPO_ROOT" status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null)" ]]; then
  NINES_REV="$NINES_REV+dirty"
fi

echo
echo "## nines benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
echo "- machine: $(nproc) CPUs, ${CPU_MODEL:-unknown CPU}, $MEM_TOTAL RAM, $(uname -sr)"
echo "- load average before / after: $LOAD_BEFORE / $LOAD_AFTER"
echo "- events file: $EVENTS_FILE ($FILE_MB MB)"
echo "- window: --from $FROM --to $TO"
echo "- runs per tool: $RUNS (alternating); nines @ $NINES_REV; duckdb $DUCKDB_VER; $("$PYTHON" --version 2>&1)"
[[ -n "$NINES_SKIP_REASON" ]] && echo "- nines SKIPPED: $NINES_SKIP_REASON"
echo

"$PYTHON" - "$RESULTS" "${TOOLS[@]}" <<'PY'
import statistics, sys
path, tools = sys.argv[1], sys.argv[2:]
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
by = {t: [r for r in rows if r[0] == t] for t in tools}

def stats(t):
    ok = [r for r in by[t] if r[2] != "FAIL"]
    if not ok or len(ok) < len(by[t]):
        return None
    walls = [float(r[2]) for r in ok]
    mbs = [int(r[3]) / 1024 for r in ok]
    outs = sorted({r[4] for r in ok})
    return statistics.median(walls), min(walls), max(walls), statistics.median(mbs), outs

res = {t: stats(t) for t in tools}
floor = res.get("floor")
print("| tool | median wall s | min s | max s | median peak MB | x floor | output |")
print("|---|---:|---:|---:|---:|---:|---|")
for t in tools:
    s = res[t]
    if s is None:
        fails = [r for r in by[t] if r[2] == "FAIL"]
        print(f"| {t} | FAILED | | | | | {fails[0][4] if fails else 'no runs'} |")
        continue
    med, lo, hi, mb, outs = s
    ratio = f"{med / floor[0]:.2f}" if floor and floor[0] > 0 else "n/a"
    out = " / ".join(f"`{o}`" for o in outs)
    if len(outs) > 1:
        out += " (OUTPUT DIFFERED BETWEEN RUNS)"
    print(f"| {t} | {med:.2f} | {lo:.2f} | {hi:.2f} | {mb:.0f} | {ratio} | {out} |")

# agreement: nines / pandas vs duckdb on "<services> <downtime>"
def parse(t):
    s = res.get(t)
    if not s or len(s[4]) != 1:
        return None
    try:
        n, d = s[4][0].split()
        return int(n), float(d)
    except ValueError:
        return None

ref = parse("duckdb")
notes = []
for t in ("nines", "nines-stdin", "pandas"):
    if t in tools and ref:
        got = parse(t)
        if got is None:
            notes.append(f"{t}: no comparable output")
            continue
        dn, dd = got[0] - ref[0], got[1] - ref[1]
        ok = dn == 0 and abs(dd) < 0.0005  # to the millisecond
        notes.append(f"{t} vs duckdb: {'AGREE' if ok else 'DISAGREE'} "
                     f"(services {got[0]} vs {ref[0]}, downtime diff {dd:+.3f} s)")
if notes:
    print()
    for n in notes:
        print(f"- {n}")
# A tool that failed or a figure that disagrees fails the run, so that it can gate.
failed = any(res[t] is None for t in tools)
sys.exit(1 if failed or any("DISAGREE" in n or "no comparable" in n for n in notes) else 0)
PY

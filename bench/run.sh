#!/usr/bin/env bash
# The benchmark suite (SPEC §8), run by ./audiojobs bench. Every process is separate, as deployed:
# `./audiojobs infra` (embedded PostgreSQL with fsync on + S3), `./audiojobs api`, `./audiojobs worker`,
# the floor server, and the load driver (bench/src/main/java/io/audiojobs/bench) that measures them.
#  Part A, API alone + floor server: record creation at 1/16/64 clients and at 500 requests/s,
#          job-status, 1 GiB direct uploads with the API's heap, API RSS idle and busy.
#  Part B, API + one worker: a 60 s recording through the whole pipeline; worker RSS.
#  Part D, live recording: chunk_ack latency with BENCH_LIVE_SESSIONS (100) sessions streaming in real
#          time on the API alone; the live transcript's lag with one worker, then two; the API's RSS
#          over a BENCH_LIVE_LONG_HOURS (4) session streamed at BENCH_LIVE_LONG_SPEED (20) x real time.
#  Part C, the measuring whole-system runs (they print figures and assert no timings): pickup
#          with the wake-up on and off, Vosk WER and real-time factor, chunked transcription,
#          a 10-minute recording on 1 vs 3 workers, what the NOTIFY trigger costs enqueueing.
# Prints the report and prepends it to docs/BENCHMARKS.md.
# Environment: RUNS (runs of each figure, default 3), BENCH_PARTS (default "A B D C").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export RUNS="${RUNS:-3}"
PARTS="${BENCH_PARTS:-A B D C}"
# the JVM flags docker-compose.yml gives each role (memory limit 512M x 50 % and a 10 ms pause goal for
# the API, 1G x 50 % for a worker)
API_JAVA_OPTS="${BENCH_API_JAVA_OPTS:--Xmx256m -XX:MaxGCPauseMillis=10 -XX:+ExitOnOutOfMemoryError}"
WORKER_JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError"
WORK="$(mktemp -d /tmp/audiojobs-bench.XXXXXX)"
ROWS="$WORK/rows.md"; DETAILS="$WORK/details.md"; : > "$ROWS"; : > "$DETAILS"
trap 'rm -rf "$WORK"' EXIT
# each part runs in a subshell: its processes (PIDS) are stopped when it ends, its settings stay in it
PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
fail() { echo "bench: $*" >&2; tail -n 15 "$WORK"/*.log >&2 || true; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # $1 = what, $2.. = command that succeeds once it is up
  local what="$1"; shift
  for _ in $(seq 1 120); do "$@" >/dev/null 2>&1 && return; sleep 1; done
  fail "$what did not come up"
}
BENCH_CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/runtime-classpath.txt")"
bench_java() { exec "$JAVA_HOME/bin/java" -cp "$BENCH_CP" "$@"; } # run it in ( ) or with &: it replaces the shell

start_infra() { # $1 = name; exports the stack's settings (dev.env) into this shell
  local home="$WORK/$1"
  AUDIOJOBS_HOME="$home" S3_PORT=$(free_port) DEV_DATABASE_PORT=$(free_port) ./audiojobs infra > "$WORK/$1-infra.log" 2>&1 &
  PIDS+=($!)
  export BENCH_STORAGE_PID=$! # the infra JVM serves S3 (S3Proxy); PostgreSQL runs as processes of its own
  wait_for "infrastructure $1" test -f "$home/dev.env"
  set -a; . "$home/dev.env"; set +a
  export AUDIOJOBS_HOME="$home"
}
start_api() {
  API_PORT=$(free_port)
  API_PORT=$API_PORT AUDIOJOBS_JAVA_OPTS="$API_JAVA_OPTS" ./audiojobs api > "$WORK/api.log" 2>&1 &
  API_PID=$!; PIDS+=($API_PID)
  export BENCH_API_URL="http://127.0.0.1:$API_PORT" BENCH_API_PID=$API_PID
  wait_for "the API" curl -sf "$BENCH_API_URL/health/ready"
}

if [[ " $PARTS " == *" A "* ]]; then (
  trap stop_all EXIT
  echo "bench: part A — the API beside the floor server" >&2
  start_infra part-a
  start_api
  FLOOR_PORT=$(free_port)
  # shellcheck disable=SC2086 # the floor runs with the API's JVM flags, so neither has the better collector
  FLOOR_PORT=$FLOOR_PORT bench_java $API_JAVA_OPTS io.audiojobs.bench.FloorServer > "$WORK/floor.log" 2>&1 &
  PIDS+=($!)
  export BENCH_FLOOR_PID=$!
  export BENCH_FLOOR_URL="http://127.0.0.1:$FLOOR_PORT/floor"
  wait_for "the floor server" curl -sf -X POST "$BENCH_FLOOR_URL"
  # 1 GiB of 48 kHz stereo 16-bit PCM (93 minutes of silence)
  export BENCH_BIG_FILE="$WORK/one-gib.wav"
  ffmpeg -v error -y -f lavfi -i anullsrc=r=48000:cl=stereo -t 5592.405 -c:a pcm_s16le "$BENCH_BIG_FILE"
  ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java -Xmx1g io.audiojobs.bench.LoadDriver api )
  rm -f "$BENCH_BIG_FILE"
) fi

if [[ " $PARTS " == *" B "* ]]; then (
  trap stop_all EXIT
  echo "bench: part B — the pipeline on one worker" >&2
  start_infra part-b
  start_api
  AUDIOJOBS_JAVA_OPTS="$WORKER_JAVA_OPTS" ./audiojobs worker > "$WORK/worker.log" 2>&1 &
  WORKER_PID=$!; PIDS+=($WORKER_PID)
  sleep 5
  kill -0 "$WORKER_PID" || fail "the worker did not start"
  export BENCH_RECORDING="$WORK/minute.wav" BENCH_RECORDING_SECONDS=60 BENCH_WORKER_PID=$WORKER_PID
  ffmpeg -v error -y -f lavfi -i "sine=frequency=300:duration=60" -ac 1 -ar 44100 "$BENCH_RECORDING"
  ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java io.audiojobs.bench.LoadDriver pipeline )
) fi

if [[ " $PARTS " == *" D "* ]]; then (
  trap stop_all EXIT
  echo "bench: part D — live recording" >&2
  start_infra part-d
  # the long session streams at 20x real time: 20 chunks/s from one connection
  export LIVE_MAX_CHUNKS_PER_SECOND=50 LIVE_GAP_GRACE=2s
  start_api
  # real speech (flite, the script of the tests), 0.9 s between sentences, as MediaRecorder's WebM/Opus
  for i in $(seq 0 9); do
    sentence=$(sed -n "$((i + 1))p" <<'SCRIPT'
The weather was cold and windy when we arrived at the station.
She opened the window and listened to the birds in the garden.
Please send the report to the team before the meeting on Friday.
A good cup of coffee can make a long morning feel much shorter.
The children played football in the park until it got dark.
He forgot his umbrella on the train and walked home in the rain.
Our new kitchen has a large table and plenty of natural light.
The doctor asked her to rest for a few days and drink more water.
Every summer the family drives to the mountains for a quiet holiday.
The old library downtown will close early for repairs next week.
SCRIPT
)
    flite -voice slt -t "$sentence" -o "$WORK/s$i.wav"
    printf "file '%s'\nfile '%s'\n" "$WORK/s$i.wav" "$WORK/pause.wav" >> "$WORK/speech.txt"
  done
  ffmpeg -v error -y -f lavfi -i anullsrc=r=16000:cl=mono -t 0.9 -c:a pcm_s16le "$WORK/pause.wav"
  ffmpeg -v error -y -f concat -safe 0 -i "$WORK/speech.txt" -ar 16000 -ac 1 "$WORK/speech.wav"
  ffmpeg -v error -y -i "$WORK/speech.wav" -c:a libopus -b:a 48k -f webm -live 1 -cluster_time_limit 1000 "$WORK/speech.webm"
  export BENCH_LIVE_STREAM="$WORK/speech.webm"
  BENCH_LIVE_STREAM_MS=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$WORK/speech.wav" | awk '{printf "%d", $1 * 1000}')
  export BENCH_LIVE_STREAM_MS
  ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java io.audiojobs.bench.LoadDriver live-acks )
  ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java io.audiojobs.bench.LoadDriver live-long )
  for workers in 1 2; do
    AUDIOJOBS_JAVA_OPTS="$WORKER_JAVA_OPTS" ./audiojobs worker > "$WORK/live-worker-$workers.log" 2>&1 &
    PIDS+=($!)
    wait_for "worker $workers" grep -q "worker started" "$WORK/live-worker-$workers.log"
    ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java io.audiojobs.bench.LoadDriver live-lag \
        "$workers worker$([[ $workers == 1 ]] || echo s)" )
  done
) fi

MEASURED=""
if [[ " $PARTS " == *" C "* ]]; then
  echo "bench: part C — the measuring whole-system runs" >&2
  MEASURE_LOG="$WORK/measure.log"; : > "$MEASURE_LOG"
  ./mvnw -B -q -o -pl worker test -Dtest=VoskSpeechToTextTest -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1 || true
  grep -h "real-time factor\|Four sentences" worker/target/surefire-reports/*VoskSpeechToTextTest-output.txt >> "$MEASURE_LOG" 2>/dev/null || true
  ./mvnw -B -q -o -pl stack test -Dtest='InstantPickupTest,SpeechPipelineTest,ScaleOutBench,EnqueueCostBench' -Daudiojobs.bench=true \
    -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1 || echo "a measuring run failed; see stack/target/surefire-reports" >&2
  grep -h "instant pickup\|speech pipeline\|chunked transcription\|BENCH scale-out\|BENCH enqueue" stack/target/surefire-reports/*-output.txt >> "$MEASURE_LOG" || true
  MEASURED=$(sed 's/^/- /' "$MEASURE_LOG")
fi

JAVA_VERSION=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)
REPORT=$(cat <<TABLE
## Run of $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores ($(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM,
$(. /etc/os-release; echo "$PRETTY_NAME"); $JAVA_VERSION; ffmpeg $(ffmpeg -version | head -1 | awk '{print $3}').
Processes: \`./audiojobs infra\` (embedded PostgreSQL 16, fsync on; S3Proxy, filesystem backend), \`./audiojobs api\`
($API_JAVA_OPTS), \`./audiojobs worker\` ($WORKER_JAVA_OPTS, JOB_POLL_SECONDS=5), the floor server (the API's flags) and the
load driver, all on this machine. Command: \`./audiojobs bench\` (RUNS=$RUNS: each figure is the median of $RUNS runs, lowest–highest in brackets).

| figure | measured | SPEC §8 target | |
| --- | --- | --- | --- |
$(cat "$ROWS")

$(cat "$DETAILS")

$([[ -n "$MEASURED" ]] && printf '### Measuring runs\n\n`InstantPickupTest`, `VoskSpeechToTextTest`, `SpeechPipelineTest`, `ScaleOutBench`, `EnqueueCostBench`:\n\n%s\n' "$MEASURED")
TABLE
)
echo "$REPORT"
mkdir -p docs
{ echo "# Benchmarks"; echo; echo "Every figure here is printed by \`./audiojobs bench\`; the newest run is on top."; echo; echo "$REPORT"; echo;
  [[ -f docs/BENCHMARKS.md ]] && sed -n '/^## /,$p' docs/BENCHMARKS.md; } > docs/BENCHMARKS.md.new
mv docs/BENCHMARKS.md.new docs/BENCHMARKS.md

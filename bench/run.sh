#!/usr/bin/env bash
# The benchmark suite (SPEC §8), run by ./audiojobs bench. Every process is separate, as deployed:
# `./audiojobs infra` (embedded PostgreSQL with fsync on + S3), `./audiojobs api`, `./audiojobs worker`,
# the floor server, and the load driver (bench/src/main/java/io/audiojobs/bench) that measures them.
#  Part A, API alone + floor server: record creation at 1/16/64 clients and at 500 requests/s,
#          job-status, 1 GiB direct uploads with the API's heap, API RSS idle and busy.
#  Part B, API + one worker: a 60 s recording through the whole pipeline; worker RSS.
#  Part P, API + one worker (seed 001, playback): HLS encoding of 60 s (and 1 h) beside the MP3's,
#          a 60 s recording until COMPLETED and until its HLS link plays, then 1,000 listeners (200 users,
#          5 devices each) asking for stream URLs and saving progress while players starting up time
#          their first audio.
#  Part L, live recording: chunk_ack latency with BENCH_LIVE_SESSIONS (100) sessions streaming in real
#          time on the API alone; the live transcript's lag with one worker, then two; the API's RSS
#          over a BENCH_LIVE_LONG_HOURS (4) session streamed at BENCH_LIVE_LONG_SPEED (20) x real time.
#          BENCH_LIVE_PHASES picks some of them: acks, lag, long (default all).
#  Part C, the measuring whole-system runs (they print figures and assert no timings): pickup
#          with the wake-up on and off, Vosk WER and real-time factor, chunked transcription,
#          what the NOTIFY trigger costs enqueueing.
#  Part D, scale-out per core: the same spoken recording (BENCH_SCALE_MINUTES, default 10) on 1 worker
#          pinned to 1 core and on 2 workers pinned to 2 cores (taskset), runs interleaved; the ratio,
#          and where the time goes (pickup, convert, cut, chunks, merge, analyze) from job-status and
#          the chunk rows; beside it, the machine's own ceiling: Vosk alone on 1 core vs 2 at once.
#  Part E, an hour of speech (BENCH_HOUR_MINUTES, default 60) on one pinned worker per core: end to end,
#          per core, beside AssemblyAI's published figure, and the workers an hour of audio a minute needs.
#  Part F, the OpenAI-compatible API: a 30 s and a 10-minute spoken recording through POST /v1/audio/transcriptions
#          with an API key beside the pipeline's own times, an API key's cost per request beside a JWT's; then,
#          the worker stopped, how many waiting transcription requests one API node holds on its heap.
# Prints the report and prepends it to docs/BENCHMARKS.md.
# Environment: RUNS (runs of each figure, default 3), BENCH_PARTS (default "A B P L C D E F"; any of them, e.g.
# BENCH_PARTS=D), BENCH_PHASES (part A's phases, see LoadDriver), BENCH_SCALE_MINUTES, BENCH_HOUR_MINUTES,
# BENCH_HOUR_RUNS (default 1), BENCH_WORKER_THREADS (job threads of each pinned worker, default 1: one core);
# part P also BENCH_HLS_LONG_SECONDS (3600; 0 = no 1 h encoding), BENCH_LISTENERS, BENCH_LISTENER_USERS,
# BENCH_LISTEN_INTERVAL_SECONDS, BENCH_LISTEN_SECONDS (see LoadDriver).
# part F also BENCH_OPENAI_SECONDS (the recordings timed through /v1, default "30 600"), BENCH_OPENAI_WAITERS (default 1000),
# BENCH_OPENAI_WAIT_SECONDS (OPENAI_COMPAT_MAX_WAIT while the waiters are counted, default 120).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export RUNS="${RUNS:-3}"
PARTS="${BENCH_PARTS:-A B P L C D E F}"
SCALE_MINUTES="${BENCH_SCALE_MINUTES:-10}"
HOUR_MINUTES="${BENCH_HOUR_MINUTES:-60}"
HOUR_RUNS="${BENCH_HOUR_RUNS:-1}"
SCALE_THREADS="${BENCH_WORKER_THREADS:-1}"
has_part() { [[ " $PARTS " == *" $1 "* ]]; }
if has_part D || has_part E; then
  command -v taskset >/dev/null || { echo "bench: parts D and E pin workers to cores with taskset: install util-linux (apt-get install util-linux)" >&2; exit 1; }
  (( $(nproc) >= 2 )) || { echo "bench: parts D and E compare 1 and 2 cores; this machine has $(nproc)" >&2; exit 1; }
fi
# the JVM flags docker-compose.yml gives each role (memory limit 512M x 50 % and a 10 ms pause goal for
# the API, 1G x 50 % for a worker)
API_JAVA_OPTS="${BENCH_API_JAVA_OPTS:--Xmx256m -XX:MaxGCPauseMillis=10 -XX:+ExitOnOutOfMemoryError}"
WORKER_JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError"
WORK="$(mktemp -d /tmp/audiojobs-bench.XXXXXX)"
ROWS="$WORK/rows.md"; DETAILS="$WORK/details.md"; : > "$ROWS"; : > "$DETAILS"
export BENCH_SCALE_RESULTS="$WORK/scale.jsonl" BENCH_CEILING_RESULTS="$WORK/ceiling.jsonl"
trap 'rm -rf "$WORK"' EXIT
# each part runs in a subshell: its processes (PIDS) are stopped when it ends, its settings stay in it
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
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

start_workers() { # $1 = how many; worker i runs pinned to core i with BENCH_WORKER_THREADS job threads
  WORKER_PIDS=()
  local i
  for ((i = 0; i < $1; i++)); do
    WORKER_THREADS="$SCALE_THREADS" WORK_DIR="$WORK/work-$i" AUDIOJOBS_JAVA_OPTS="$WORKER_JAVA_OPTS" \
      taskset -c "$i" ./audiojobs worker > "$WORK/worker-$i.log" 2>&1 &
    WORKER_PIDS+=($!); PIDS+=($!)
  done
  for ((i = 0; i < $1; i++)); do wait_for "worker $i" grep -q "worker started" "$WORK/worker-$i.log"; done
}
stop_workers() {
  for pid in "${WORKER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${WORKER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
speech() { # $1 = file, $2 = minutes of flite speech
  ( bench_java io.audiojobs.bench.SpeechRecording "$1" "$2" ) > /dev/null
}
vosk_ceiling() { # $1 = how many at once (process i pinned to core i): Vosk alone on a 1-minute chunk, started together
  local start=$(( $(date +%s%3N) + 15000 )) i pids=() # time enough to start a JVM and load the model first
  for ((i = 0; i < $1; i++)); do
    taskset -c "$i" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" io.audiojobs.bench.VoskCeiling \
      "$WORK/chunk.wav" "$BENCH_CEILING_RESULTS" "$1" "$start" > "$WORK/ceiling-$i.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || echo "bench: a Vosk ceiling run failed: $(tail -3 "$WORK"/ceiling-*.log)" >&2; done
}
scale_run() { # $1 = part, $2 = workers, $3 = recording: one measured run, after a 2-minute warm-up
  ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" BENCH_SCALE_PART="$1" BENCH_WORKERS="$2" BENCH_WORKER_THREADS="$SCALE_THREADS" \
    BENCH_RECORDING="$3" BENCH_WARMUP_RECORDING="$WORK/warm-up.wav" bench_java io.audiojobs.bench.LoadDriver scale )
}

if has_part A; then (
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

if has_part B; then (
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

if has_part L; then (
  trap stop_all EXIT
  echo "bench: part L — live recording" >&2
  start_infra part-l
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
  LIVE_PHASES="${BENCH_LIVE_PHASES:-acks lag long}"
  if [[ " $LIVE_PHASES " == *" acks "* ]]; then
    ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java io.audiojobs.bench.LoadDriver live-acks )
  fi
  LIVE_WORKERS=()
  for workers in $([[ " $LIVE_PHASES " == *" lag "* ]] && echo 1 2); do
    AUDIOJOBS_JAVA_OPTS="$WORKER_JAVA_OPTS" ./audiojobs worker > "$WORK/live-worker-$workers.log" 2>&1 &
    PIDS+=($!); LIVE_WORKERS+=($!)
    wait_for "worker $workers" grep -q "worker started" "$WORK/live-worker-$workers.log"
    ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java io.audiojobs.bench.LoadDriver live-lag \
        "$workers worker$([[ $workers == 1 ]] || echo s)" )
  done
  # the long session measures the API alone: workers would decode and transcribe its hours of audio
  for pid in "${LIVE_WORKERS[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
  if [[ " $LIVE_PHASES " == *" long "* ]]; then
    ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java io.audiojobs.bench.LoadDriver live-long )
  fi
) fi

if has_part P; then (
  trap stop_all EXIT
  echo "bench: part P — playback: HLS encoding, 1,000 listeners, time to first audio" >&2
  start_infra part-p
  start_api
  AUDIOJOBS_JAVA_OPTS="$WORKER_JAVA_OPTS" ./audiojobs worker > "$WORK/worker.log" 2>&1 &
  WORKER_PID=$!; PIDS+=($WORKER_PID)
  sleep 5
  kill -0 "$WORKER_PID" || fail "the worker did not start"
  export BENCH_RECORDING="$WORK/minute.wav" BENCH_RECORDING_SECONDS=60 BENCH_LISTENER_RECORDING="$WORK/listened.wav"
  ffmpeg -v error -y -f lavfi -i "sine=frequency=300:duration=60" -ac 1 -ar 44100 "$BENCH_RECORDING"
  # the listeners' own recordings are short (200 users' pipelines must finish first); starting players open the 60 s ones
  ffmpeg -v error -y -f lavfi -i "sine=frequency=300:duration=3" -ac 1 -ar 44100 "$BENCH_LISTENER_RECORDING"
  LONG_SECONDS="${BENCH_HLS_LONG_SECONDS:-3600}"
  if [[ "$LONG_SECONDS" != 0 ]]; then
    export BENCH_LONG_RECORDING="$WORK/long.wav" BENCH_LONG_RECORDING_SECONDS="$LONG_SECONDS"
    ffmpeg -v error -y -f lavfi -i "sine=frequency=300:duration=$LONG_SECONDS" -ac 1 -ar 44100 "$BENCH_LONG_RECORDING"
  fi
  ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java -Xmx1g io.audiojobs.bench.LoadDriver playback )
  rm -f "${BENCH_LONG_RECORDING:-}"
) fi

MEASURED=""
if has_part C; then
  echo "bench: part C — the measuring whole-system runs" >&2
  MEASURE_LOG="$WORK/measure.log"; : > "$MEASURE_LOG"
  ./mvnw -B -q -o -pl worker test -Dtest=VoskSpeechToTextTest -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1 || true
  grep -h "real-time factor\|Four sentences" worker/target/surefire-reports/*VoskSpeechToTextTest-output.txt >> "$MEASURE_LOG" 2>/dev/null || true
  ./mvnw -B -q -o -pl stack test -Dtest='InstantPickupTest,SpeechPipelineTest,EnqueueCostBench' -Daudiojobs.bench=true \
    -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1 || echo "a measuring run failed; see stack/target/surefire-reports" >&2
  grep -h "instant pickup\|speech pipeline\|chunked transcription\|BENCH enqueue" stack/target/surefire-reports/*-output.txt >> "$MEASURE_LOG" || true
  MEASURED=$(sed 's/^/- /' "$MEASURE_LOG")
fi

if has_part D; then (
  trap stop_all EXIT
  echo "bench: part D — scale-out per core: 1 worker on 1 core vs 2 workers on 2 cores, $SCALE_MINUTES min of speech" >&2
  start_infra part-d
  start_api
  speech "$WORK/scale.wav" "$SCALE_MINUTES"
  speech "$WORK/warm-up.wav" 2
  speech "$WORK/chunk.wav" 1
  for ((run = 1; run <= RUNS; run++)); do
    vosk_ceiling 1 # the machine's own 1-vs-2-core ratio, in the same minutes as the pair of runs below
    vosk_ceiling 2
    for workers in 1 2; do # interleaved: both counts meet the same spells of load from the rest of the machine
      start_workers "$workers"
      # one failed run (shown above) costs that run, not the part's others: the report counts the runs that finished
      scale_run scale "$workers" "$WORK/scale.wav" || echo "bench: part D run $run on $workers worker(s) failed" >&2
      stop_workers
    done
  done
) fi

if has_part E; then (
  trap stop_all EXIT
  echo "bench: part E — $HOUR_MINUTES min of speech on $(nproc) workers, one pinned to each core" >&2
  start_infra part-e
  start_api
  speech "$WORK/hour.wav" "$HOUR_MINUTES"
  speech "$WORK/warm-up.wav" 2
  start_workers "$(nproc)"
  for ((run = 1; run <= HOUR_RUNS; run++)); do
    scale_run hour "$(nproc)" "$WORK/hour.wav" || echo "bench: part E run $run failed" >&2
  done
) fi

if has_part F; then (
  trap stop_all EXIT
  echo "bench: part F — the OpenAI-compatible API" >&2
  start_infra part-f
  # the timed recordings must not meet the bound: the API waits up to 15 min for them
  OPENAI_COMPAT_MAX_WAIT=900s start_api
  AUDIOJOBS_JAVA_OPTS="$WORKER_JAVA_OPTS" ./audiojobs worker > "$WORK/worker.log" 2>&1 &
  WORKER_PID=$!; PIDS+=($WORKER_PID)
  wait_for "the worker" grep -q "worker started" "$WORK/worker.log"
  # flite speech of each length (BENCH_OPENAI_SECONDS, default 30 and 600); the long one once, on the worker
  # the short ones warmed, and the API key's cost beside a JWT's with the short one only
  for seconds in ${BENCH_OPENAI_SECONDS:-30 600}; do
    export BENCH_RECORDING="$WORK/speech-$seconds.wav" BENCH_RECORDING_SECONDS=$seconds
    speech "$BENCH_RECORDING" "$(awk -v s="$seconds" 'BEGIN {print s / 60}')"
    if (( seconds > 60 )); then
      ( RUNS=1 BENCH_OPENAI_WARM_UP=false BENCH_OPENAI_AUTH_COST=false BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java io.audiojobs.bench.LoadDriver openai-latency )
    else
      ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java io.audiojobs.bench.LoadDriver openai-latency )
    fi
  done
  kill "$WORKER_PID" "$API_PID"; wait "$WORKER_PID" "$API_PID" 2>/dev/null || true # from here on nothing finishes: every request waits
  export BENCH_OPENAI_WAIT_SECONDS="${BENCH_OPENAI_WAIT_SECONDS:-120}"
  OPENAI_COMPAT_MAX_WAIT="${BENCH_OPENAI_WAIT_SECONDS}s" start_api
  ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java -Xmx1g io.audiojobs.bench.LoadDriver openai-capacity )
) fi

if [[ -s "$BENCH_SCALE_RESULTS" ]]; then
  ( BENCH_ROWS="$ROWS" BENCH_DETAILS="$DETAILS" bench_java io.audiojobs.bench.LoadDriver scale-report )
fi

JAVA_VERSION=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)
REPORT=$(cat <<TABLE
## Run of $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores ($(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM,
$(. /etc/os-release; echo "$PRETTY_NAME"); $JAVA_VERSION; ffmpeg $(ffmpeg -version | head -1 | awk '{print $3}').
Processes: \`./audiojobs infra\` (embedded PostgreSQL 16, fsync on; S3Proxy, filesystem backend), \`./audiojobs api\`
($API_JAVA_OPTS), \`./audiojobs worker\` ($WORKER_JAVA_OPTS, JOB_POLL_SECONDS=5), the floor server (the API's flags) and the
load driver, all on this machine. Command: \`$([[ "$PARTS" != "A B P L C D E F" ]] && echo "BENCH_PARTS=\"$PARTS\" ")./audiojobs bench\` (RUNS=$RUNS: each figure is the median of $RUNS runs, lowest–highest in brackets$(has_part D && echo "; part D: BENCH_SCALE_MINUTES=$SCALE_MINUTES")$(has_part E && echo "; part E: BENCH_HOUR_MINUTES=$HOUR_MINUTES, BENCH_HOUR_RUNS=$HOUR_RUNS")).
Load average (1, 5, 15 min) when it started: $LOAD_BEFORE; when it ended: $(cut -d' ' -f1-3 /proc/loadavg).

| figure | measured | SPEC §8 target | |
| --- | --- | --- | --- |
$(cat "$ROWS")

$(cat "$DETAILS")

$([[ -n "$MEASURED" ]] && printf '### Measuring runs\n\n`InstantPickupTest`, `VoskSpeechToTextTest`, `SpeechPipelineTest`, `EnqueueCostBench`:\n\n%s\n' "$MEASURED")
TABLE
)
echo "$REPORT"
mkdir -p docs
{ echo "# Benchmarks"; echo; echo "Every figure here is printed by \`./audiojobs bench\`; the newest run is on top."; echo; echo "$REPORT"; echo;
  [[ -f docs/BENCHMARKS.md ]] && sed -n '/^## /,$p' docs/BENCHMARKS.md; } > docs/BENCHMARKS.md.new
mv docs/BENCHMARKS.md.new docs/BENCHMARKS.md

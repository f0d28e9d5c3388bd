#!/usr/bin/env bash
# The benchmark suite. Part 1, against a fresh dev stack (embedded PostgreSQL + S3, one worker):
#  - POST /api/v1/records -> 202: median and spread over N requests (upload done beforehand, not timed)
#  - a 60 s WAV: 202 -> COMPLETED, and each step's own time
# Part 2, the measuring whole-system runs (they print figures, they assert no timings):
#  - pickup latency with the NOTIFY wake-up on and off (2 worker processes, 40 jobs each)
#  - Vosk word error rate and real-time factor on synthesized speech
#  - a 3-minute recording in chunks on 2 workers; a 10-minute recording with 1 vs 3 workers
#  - what the NOTIFY trigger costs enqueueing (8 threads, with and without it)
# Prints a table and prepends it to docs/BENCHMARKS.md. Usage: ./audiojobs bench (SAMPLES=20 RUNS=3)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SAMPLES="${SAMPLES:-20}"
RUNS="${RUNS:-3}"
HOME_DIR="$(mktemp -d /tmp/audiojobs-bench.XXXXXX)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
API_PORT=$(free_port); DASHBOARD_PORT=$(free_port); S3_PORT=$(free_port); DB_PORT=$(free_port)

AUDIOJOBS_HOME="$HOME_DIR" API_PORT=$API_PORT DASHBOARD_PORT=$DASHBOARD_PORT S3_PORT=$S3_PORT DEV_DATABASE_PORT=$DB_PORT \
  ./audiojobs dev > "$HOME_DIR/dev.log" 2>&1 &
STACK_PID=$!
cleanup() { kill "$STACK_PID" 2>/dev/null || true; wait "$STACK_PID" 2>/dev/null || true; rm -rf "$HOME_DIR"; }
trap cleanup EXIT

API="http://localhost:$API_PORT"
for _ in $(seq 1 120); do
  curl -sf "$API/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "$API/health/ready" >/dev/null || { echo "dev stack did not start; see $HOME_DIR/dev.log" >&2; exit 1; }
TOKEN=$(AUDIOJOBS_HOME="$HOME_DIR" ./audiojobs token bench-user | tail -1)
AUTH="Authorization: Bearer $TOKEN"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }

uploaded() { # $1 = file; prints an uploadId whose bytes are in S3
  local size plan url
  size=$(stat -c %s "$1")
  plan=$(curl -sf -X POST "$API/api/v1/uploads" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"filename\":\"b.wav\",\"contentType\":\"audio/wav\",\"sizeBytes\":$size}")
  url=$(echo "$plan" | json "['url']")
  curl -sf -o /dev/null -X PUT -H 'Content-Type: audio/wav' --upload-file "$1" "$url"
  echo "$plan" | json "['uploadId']"
}

ffmpeg -v error -y -f lavfi -i "sine=frequency=440:duration=1" -ac 1 "$HOME_DIR/short.wav"
ffmpeg -v error -y -f lavfi -i "sine=frequency=300:duration=60" -ac 1 -ar 44100 "$HOME_DIR/minute.wav"

# warm-up, not counted
for _ in 1 2 3; do
  curl -sf -o /dev/null -X POST "$API/api/v1/records" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"title\":\"warm\",\"uploadId\":$(uploaded "$HOME_DIR/short.wav")}"
done

ack_ms=()
for _ in $(seq 1 "$SAMPLES"); do
  id=$(uploaded "$HOME_DIR/short.wav")
  t=$(curl -sf -o /dev/null -w '%{time_total}' -X POST "$API/api/v1/records" -H "$AUTH" \
    -H 'Content-Type: application/json' -d "{\"title\":\"ack\",\"uploadId\":$id}")
  ack_ms+=("$(python3 -c "print(round($t*1000,1))")")
done

total_ms=(); work_ms=(); pickup_ms=()
for _ in $(seq 1 "$RUNS"); do
  id=$(uploaded "$HOME_DIR/minute.wav")
  start=$(date +%s%N)
  rec=$(curl -sf -X POST "$API/api/v1/records" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"title\":\"minute\",\"uploadId\":$id}" | json "['record']['id']")
  while :; do
    status=$(curl -sf "$API/api/v1/records/$rec/job-status" -H "$AUTH")
    state=$(echo "$status" | json "['status']")
    [[ "$state" == COMPLETED || "$state" == FAILED ]] && break
    sleep 0.05
  done
  end=$(date +%s%N)
  [[ "$state" == COMPLETED ]] || { echo "60 s recording ended $state: $status" >&2; exit 1; }
  total_ms+=("$(( (end - start) / 1000000 ))")
  work_ms+=("$(echo "$status" | python3 -c "
import json,sys,datetime
d=json.load(sys.stdin)
p=lambda t: datetime.datetime.fromisoformat(t.replace('Z','+00:00'))
print(round((p(d['steps'][-1]['finishedAt'])-p(d['steps'][0]['startedAt'])).total_seconds()*1000))")")
  created=$(curl -sf "$API/api/v1/records/$rec" -H "$AUTH" | json "['createdAt']")
  pickup_ms+=("$(echo "$status" | python3 -c "
import json,sys,datetime
d=json.load(sys.stdin)
p=lambda t: datetime.datetime.fromisoformat(t.replace('Z','+00:00'))
print(max(0, round((p(d['steps'][0]['startedAt'])-p(sys.argv[1])).total_seconds()*1000)))" "$created")")
done

stats() { python3 -c "
import statistics,sys
v=[float(x) for x in sys.argv[1:]]
print(f'{statistics.median(v):.1f} ms (min {min(v):.1f}, max {max(v):.1f}, n={len(v)})')" "$@"; }

ACK=$(stats "${ack_ms[@]}")
TOTAL=$(stats "${total_ms[@]}")
WORK=$(stats "${work_ms[@]}")
PICKUP=$(stats "${pickup_ms[@]}")
kill "$STACK_PID" 2>/dev/null || true; wait "$STACK_PID" 2>/dev/null || true

# Part 2: the measuring runs print one line per figure
MEASURE_LOG="$HOME_DIR/measure.log"
./mvnw -B -q -o -pl worker test -Dtest=VoskSpeechToTextTest -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1 || true
grep -h "real-time factor\|Four sentences" worker/target/surefire-reports/*VoskSpeechToTextTest-output.txt > "$MEASURE_LOG" 2>/dev/null || true
./mvnw -B -q -o -pl stack test -Dtest='InstantPickupTest,SpeechPipelineTest,ScaleOutBench,EnqueueCostBench' -Daudiojobs.bench=true \
  -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1 || echo "a measuring run failed; see stack/target/surefire-reports" >&2
grep -h "instant pickup\|speech pipeline\|chunked transcription\|BENCH scale-out\|BENCH enqueue" stack/target/surefire-reports/*-output.txt >> "$MEASURE_LOG" || true
MEASURED=$(sed 's/^/- /' "$MEASURE_LOG")
JAVA_VERSION=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)
REPORT=$(cat <<TABLE
## Run of $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(. /etc/os-release; echo "$PRETTY_NAME"); $JAVA_VERSION;
ffmpeg $(ffmpeg -version | head -1 | awk '{print $3}'). Stack: \`./audiojobs dev\` (embedded PostgreSQL 16 with fsync on,
S3Proxy filesystem backend, one worker with JOB_POLL_SECONDS=5). Command: \`./audiojobs bench\`.

| figure | median (spread) |
| --- | --- |
| POST /api/v1/records -> 202 (curl time_total, upload done beforehand) | $ACK |
| 60 s WAV: 202 -> COMPLETED (whole pipeline, as a client sees it) | $TOTAL |
| 60 s WAV: 202 -> first step started (pickup, NOTIFY wake-up on) | $PICKUP |
| 60 s WAV: pickup -> COMPLETED (convert + transcribe + analyze) | $WORK |

Measuring runs (\`InstantPickupTest\`, \`VoskSpeechToTextTest\`, \`SpeechPipelineTest\`, \`ScaleOutBench\`):

$MEASURED
TABLE
)
echo "$REPORT"
mkdir -p docs
{ echo "# Benchmarks"; echo; echo "Every figure here is printed by \`./audiojobs bench\`; the newest run is on top."; echo; echo "$REPORT"; echo;
  [[ -f docs/BENCHMARKS.md ]] && sed -n '/^## /,$p' docs/BENCHMARKS.md; } > docs/BENCHMARKS.md.new
mv docs/BENCHMARKS.md.new docs/BENCHMARKS.md

#!/bin/sh
# Creates the audiojobs bucket in MinIO and exits 0; safe to run again (an existing bucket is kept).
# docker-compose.yml runs it once in the minio-init service (minio/mc image) after MinIO is
# healthy, so workers can start before the API has ever run (the API also creates the bucket if
# it is missing).
#
# Environment:
#   MINIO_ENDPOINT        MinIO's S3 endpoint inside the compose network (default http://minio:9000)
#   MINIO_ROOT_USER       MinIO credentials (in docker-compose.yml: S3_ACCESS_KEY)
#   MINIO_ROOT_PASSWORD   (in docker-compose.yml: S3_SECRET_KEY)
#   S3_BUCKET             bucket to create
#   MINIO_INIT_TRIES      connection attempts, 2 s apart (default 30)
set -eu

endpoint="${MINIO_ENDPOINT:-http://minio:9000}"
: "${MINIO_ROOT_USER:?MINIO_ROOT_USER is required}"
: "${MINIO_ROOT_PASSWORD:?MINIO_ROOT_PASSWORD is required}"
: "${S3_BUCKET:?S3_BUCKET is required}"
max_tries="${MINIO_INIT_TRIES:-30}"

# MinIO is already healthy when compose starts this container; the retry loop only covers the
# moment between "listening" and "accepting credentials", and runs outside compose.
tries=1
until mc alias set audiojobs "$endpoint" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1 \
    && mc ls audiojobs >/dev/null 2>&1; do
  if [ "$tries" -ge "$max_tries" ]; then
    echo "minio-init: MinIO at $endpoint did not accept the credentials after $tries attempts" >&2
    mc alias set audiojobs "$endpoint" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >&2 || true
    exit 1
  fi
  tries=$((tries + 1))
  sleep 2
done

mc mb --ignore-existing "audiojobs/$S3_BUCKET"
echo "minio-init: bucket '$S3_BUCKET' is ready at $endpoint"

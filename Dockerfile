# syntax=docker/dockerfile:1
#
# audiojobs: one image for every role. The role is the first argument of the command:
#   docker run IMAGE api | worker | dashboard   (also: dev, token <user>)
# CMD defaults to "api". docker-compose.yml starts all three roles from this image.
#
# Build: docker build -t audiojobs .   (BuildKit, the default builder since Docker Engine 23,
# is needed for the Maven cache mount below.)

ARG JAVA_VERSION=21

# ---------------------------------------------------------------------------------------------
# Build stage: the Maven wrapper builds every module, then the runtime classpath of the `stack`
# module (the one entry point, io.audiojobs.stack.Cli) is copied out as plain jars.
# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build
WORKDIR /src

# .dockerignore keeps target/, .git/, .env and the like out of the context.
COPY . .

# The stack module's own build writes stack/target/runtime-classpath.txt at `package`
# (maven-dependency-plugin build-classpath, includeScope=runtime): the same classpath the
# ./audiojobs launcher runs with. In a single reactor build it names the sibling modules'
# target/audiojobs-<module>-0.1.0-SNAPSHOT.jar and every third-party jar in the local Maven
# repository, so no `install` and no second Maven run are needed. (A separate
# `./mvnw -pl stack dependency:copy-dependencies` run does NOT work here: outside the reactor
# Maven looks for the sibling modules in the local repository, where they are not.)
#
# The jars are copied in the same RUN because the Maven repository is a cache mount and is not
# part of the layer. Embedded-PostgreSQL binaries for macOS, Windows and Alpine (musl) can never
# run in this glibc Linux image (they serve `dev` on developer machines) and are left out; the
# linux-amd64 one stays, so `dev` still works in the image on amd64.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package \
 && mkdir -p /out/lib \
 && tr ':' '\n' < stack/target/runtime-classpath.txt \
    | grep -Ev '/embedded-postgres-binaries-[^/]*(darwin|windows|alpine)[^/]*\.jar$' \
    | xargs -r cp -t /out/lib/ \
 && cp -r stack/target/classes /out/classes \
 && test -f /out/classes/io/audiojobs/stack/Cli.class \
 && ls /out/lib | grep -q '^audiojobs-api-' \
 && mkdir -p /out/vosk-model \
 && if [ -d worker/target/vosk-model/model-en-us ]; then \
      cp -r worker/target/vosk-model/model-en-us /out/vosk-model/; \
    fi

# ---------------------------------------------------------------------------------------------
# Runtime stage: JRE + ffmpeg/ffprobe (the worker runs them) + curl (compose healthchecks).
# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:${JAVA_VERSION}-jre

RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg curl \
 && rm -rf /var/lib/apt/lists/* \
 && ffmpeg -version >/dev/null && ffprobe -version >/dev/null

# Non-root user with a fixed uid/gid (10001) so volume ownership and runAsNonRoot are predictable.
# WORK_DIR holds ffmpeg's input/output files while a job runs; docker-compose.yml mounts a volume
# there (it inherits this directory's owner).
RUN groupadd --system --gid 10001 audiojobs \
 && useradd --system --uid 10001 --gid audiojobs --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin audiojobs \
 && mkdir -p /var/lib/audiojobs/work \
 && chown audiojobs:audiojobs /var/lib/audiojobs/work

COPY --from=build /out/lib/ /app/lib/
COPY --from=build /out/classes/ /app/classes/
# The Vosk speech-to-text model (English) that the worker module's build unpacks; models are
# never downloaded at run time. VOSK_MODEL_PATH is the variable the worker's tests use for it.
COPY --from=build /out/vosk-model/ /app/vosk-model/

# JVM flags live in JDK_JAVA_OPTIONS rather than in ENTRYPOINT so that a service can replace them
# (docker-compose.yml gives the worker a smaller heap share, since ffmpeg shares its memory limit).
# The java launcher reads this variable and notes it on stderr at start.
#   MaxRAMPercentage=75     heap sized from the container's memory limit, not the host's
#   ExitOnOutOfMemoryError  die (and let the restart policy start a fresh JVM) instead of limping on
#   logback-json.xml        one JSON object per log line, with requestId, jobId, recordId
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dlogback.configurationFile=logback-json.xml --enable-native-access=ALL-UNNAMED" \
    WORK_DIR=/var/lib/audiojobs/work \
    VOSK_MODEL_PATH=/app/vosk-model/model-en-us

USER 10001:10001
WORKDIR /app

# api (API_PORT) and dashboard (DASHBOARD_PORT) defaults; workers listen on nothing.
EXPOSE 8080 8000

# Exec form: java is PID 1 and receives SIGTERM directly (graceful shutdown hooks run), and the
# worker healthcheck in docker-compose.yml relies on that (`kill -0 1`). Java expands the `lib/*`
# classpath wildcard itself; no shell is involved.
ENTRYPOINT ["java", "-cp", "/app/lib/*:/app/classes", "io.audiojobs.stack.Cli"]
CMD ["api"]

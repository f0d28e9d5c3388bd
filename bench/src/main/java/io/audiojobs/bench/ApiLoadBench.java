package io.audiojobs.bench;

import io.audiojobs.shared.config.AppConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part A of `./audiojobs bench`: the API process alone (no worker runs, so jobs queue up and
 * nothing competes with the API for the two cores), measured from this separate process, beside
 * the floor server in the same run. Record creation at 1, 16 and 64 clients and at a fixed 500
 * requests/s; job-status; 1 GiB direct uploads with the API's heap; the API's RSS idle and busy.
 */
final class ApiLoadBench {
    private static final int[] CLIENTS = {1, 16, 64};
    private static final int USERS = 256;
    private static final int WARM_UP_REQUESTS = 3_000;
    private static final int JOB_STATUS_REQUESTS = 4_000;
    private static final int JOB_STATUS_CLIENTS = 16;
    private static final long MIB = 1024 * 1024;

    /** @param phases which of closed, open, status, upload to run (all by default) */
    /** @param storagePid the process serving S3 (the infra process, which runs S3Proxy) */
    record Settings(String apiUrl, URI floorUrl, long apiPid, long floorPid, long storagePid, AppConfig.Auth auth, int runs,
                    double openRate, int openSeconds, Path bigFile, int uploadRuns, java.util.Set<String> phases) {}

    /** One measured run of one target at one load: its percentiles, its rate and the CPU it cost. */
    private record Figures(Spread p50, Spread p99, Spread rate, CpuPerRequest cpu) {
        Figures() {
            this(new Spread(), new Spread(), new Spread(), new CpuPerRequest());
        }

        void add(Load.Result result) {
            if (result.latencies().failures() > 0) {
                throw new IllegalStateException(result.latencies().failures() + " requests did not get the expected answer");
            }
            p50.add(result.latencies().percentileMillis(50));
            p99.add(result.latencies().percentileMillis(99));
            rate.add(result.perSecond());
        }

        String cells() {
            return p50.compact(1) + " | " + p99.compact(1) + " | " + rate.compact(0);
        }
    }

    /** CPU milliseconds per request of the server itself, the S3 server and PostgreSQL, medians over the runs. */
    private record CpuPerRequest(Spread server, Spread storage, Spread postgres) {
        CpuPerRequest() {
            this(new Spread(), new Spread(), new Spread());
        }

        /** Runs the load and charges each process's CPU time over it to the requests it answered. */
        Load.Result measure(long serverPid, long storagePid, java.util.function.Supplier<Load.Result> load) {
            long server = ProcessCpu.nanos(serverPid);
            long storage = storagePid > 0 ? ProcessCpu.nanos(storagePid) : 0;
            long postgres = ProcessCpu.postgresNanos();
            Load.Result result = load.get();
            double requests = result.latencies().count();
            this.server.add((ProcessCpu.nanos(serverPid) - server) / 1e6 / requests);
            if (storagePid > 0) {
                this.storage.add((ProcessCpu.nanos(storagePid) - storage) / 1e6 / requests);
            }
            this.postgres.add((ProcessCpu.postgresNanos() - postgres) / 1e6 / requests);
            return result;
        }

        String cells(boolean withStorage) {
            return String.format(Locale.ROOT, "%.2f | %s | %.2f", server.median(),
                    withStorage ? String.format(Locale.ROOT, "%.2f", storage.median()) : "–", postgres.median());
        }
    }

    /** A record created during the run, for the job-status load. */
    private record Created(String token, long recordId) {}

    private final Settings settings;
    private final Report report;
    private final BenchClient client;
    private final Users users;
    private final byte[] audio = Wav.silence(8_000, 1);
    private final List<Created> created = new ArrayList<>();

    ApiLoadBench(Settings settings, Report report) throws Exception {
        this.settings = settings;
        this.report = report;
        this.client = new BenchClient(settings.apiUrl());
        this.users = new Users(USERS, settings.auth());
    }

    void run() throws Exception {
        createRecords(16, WARM_UP_REQUESTS); // JIT, pools and caches warm; not counted
        Load.closed(16, WARM_UP_REQUESTS, i -> client.floor(settings.floorUrl()).statusCode() == 202);
        Thread.sleep(5_000);
        long idleRss = ProcessMemory.rssBytes(settings.apiPid());
        long busyRss;
        try (PeakSampler rss = new PeakSampler("api-rss", () -> ProcessMemory.rssBytes(settings.apiPid()), 100)) {
            if (settings.phases().contains("closed")) {
                closedLoops();
            }
            if (settings.phases().contains("open")) {
                openLoop();
            }
            if (settings.phases().contains("status")) {
                jobStatus();
            }
            busyRss = rss.peak();
        }
        report.row("API RSS, idle (after warm-up)", ProcessMemory.formatMib(idleRss), "< 300 MiB", idleRss < 300 * MIB);
        if (busyRss > 0) {
            report.row("API RSS, highest under the record-creation and job-status load", ProcessMemory.formatMib(busyRss));
        }
        if (settings.phases().contains("upload")) {
            directUploads();
        }
    }

    private void closedLoops() throws Exception {
        Map<Integer, Figures> api = new LinkedHashMap<>();
        Map<Integer, Figures> floor = new LinkedHashMap<>();
        for (int c : CLIENTS) {
            api.put(c, new Figures());
            floor.put(c, new Figures());
        }
        for (int run = 0; run < settings.runs(); run++) {
            for (int c : CLIENTS) {
                int n = requests(c);
                long[] uploads = prepareUploads(n);
                boolean floorFirst = run % 2 == 0; // alternate, so neither side always runs on a warmer machine
                if (floorFirst) {
                    floor.get(c).add(floor(floor.get(c), c, n));
                }
                Figures ours = api.get(c);
                ours.add(ours.cpu().measure(settings.apiPid(), settings.storagePid(), () -> createRecords(c, uploads)));
                if (!floorFirst) {
                    floor.get(c).add(floor(floor.get(c), c, n));
                }
            }
        }
        StringBuilder table = new StringBuilder("""
                ### Record creation: audiojobs beside the floor

                Closed loop: each client sends its next request when the last one is answered. audiojobs is
                `POST /api/v1/records` (JWT, rate limit, upload check, record + 3 steps in one statement,
                JobRunr enqueue); the floor is a bare Javalin endpoint doing one INSERT and one JobRunr enqueue
                (`bench/src/main/java/io/audiojobs/bench/FloorServer.java`), on the same PostgreSQL server.
                Median of the runs (lowest–highest).

                | clients | requests a run | audiojobs p50 ms | audiojobs p99 ms | audiojobs req/s | floor p50 ms | floor p99 ms | floor req/s |
                | --- | --- | --- | --- | --- | --- | --- | --- |
                """);
        for (int c : CLIENTS) {
            table.append("| ").append(c).append(" | ").append(requests(c)).append(" | ").append(api.get(c).cells())
                    .append(" | ").append(floor.get(c).cells()).append(" |\n");
        }
        table.append("""

                Where the CPU goes: milliseconds of CPU per request (user + system, from /proc) of the server
                process, of the S3 server (the infra process running S3Proxy; the floor does not use S3) and of
                all PostgreSQL processes, while each load ran. Medians of the runs. The rest of the two cores
                goes to the load driver.

                | clients | audiojobs API | S3 server | PostgreSQL | floor server | S3 server | PostgreSQL |
                | --- | --- | --- | --- | --- | --- | --- |
                """);
        for (int c : CLIENTS) {
            table.append("| ").append(c).append(" | ").append(api.get(c).cpu().cells(true)).append(" | ")
                    .append(floor.get(c).cpu().cells(false)).append(" |\n");
        }
        report.section(table.toString());
        double apiPeak = peakRate(api);
        double floorPeak = peakRate(floor);
        report.row("record creation ack, 64 clients: p50 / p99", api.get(64).p50().format("ms", 1) + " / "
                + api.get(64).p99().format("ms", 1));
        report.row("record creation peak throughput, share of the floor's", String.format(Locale.ROOT,
                "%.0f %% (%.0f req/s of %.0f req/s)", 100 * apiPeak / floorPeak, apiPeak, floorPeak), ">= 70 %", apiPeak >= 0.7 * floorPeak);
    }

    private void openLoop() throws Exception {
        int n = (int) (settings.openRate() * settings.openSeconds());
        Figures api = new Figures();
        Figures floor = new Figures();
        for (int run = 0; run < settings.runs(); run++) {
            long[] uploads = prepareUploads(n);
            floor.add(Load.open(settings.openRate(), n, i -> client.floor(settings.floorUrl()).statusCode() == 202));
            api.add(Load.open(settings.openRate(), n, i -> record(i, uploads[i])));
        }
        String offered = String.format(Locale.ROOT, "%.0f requests/s offered for %d s", settings.openRate(), settings.openSeconds());
        report.row("record creation ack at " + offered + ": p99", api.p99().format("ms", 1) + "; p50 " + api.p50().format("ms", 1),
                "p99 < 50 ms", api.p99().median() < 50);
        report.row("floor at " + offered + ": p99", floor.p99().format("ms", 1) + "; p50 " + floor.p50().format("ms", 1));
    }

    private void jobStatus() throws IOException, InterruptedException {
        Figures closed = new Figures();
        Figures open = new Figures();
        List<Created> records = List.copyOf(created);
        Load.Call status = i -> {
            Created record = records.get(i % records.size());
            return client.get(record.token(), "/api/v1/records/" + record.recordId() + "/job-status").statusCode() == 200;
        };
        int openRequests = (int) (settings.openRate() * settings.openSeconds());
        Spread pauses = new Spread();
        Spread pauseMillis = new Spread();
        for (int run = 0; run < settings.runs(); run++) {
            closed.add(Load.closed(JOB_STATUS_CLIENTS, JOB_STATUS_REQUESTS, status));
            BenchClient.GcPauses before = client.gcPauses();
            open.add(Load.open(settings.openRate(), openRequests, status));
            BenchClient.GcPauses during = client.gcPauses().since(before);
            pauses.add(during.count());
            pauseMillis.add(during.count() == 0 ? 0 : during.seconds() * 1000 / during.count());
        }
        report.row(String.format(Locale.ROOT, "GET job-status at %.0f requests/s offered: p99", settings.openRate()),
                open.p99().format("ms", 1) + "; p50 " + open.p50().format("ms", 1), "p99 < 10 ms", open.p99().median() < 10);
        report.row("API GC pauses during that load: how many, and their mean length",
                pauses.format("pauses", 0) + "; " + pauseMillis.format("ms", 1));
        report.row("GET job-status, " + JOB_STATUS_CLIENTS + " clients (closed loop): p50 / p99 / throughput",
                closed.p50().format("ms", 1) + " / " + closed.p99().format("ms", 1) + " / " + closed.rate().format("req/s", 0));
    }

    private void directUploads() throws Exception {
        long size = Files.size(settings.bigFile());
        Spread throughput = new Spread();
        Spread heap = new Spread();
        Spread rss = new Spread();
        for (int run = 0; run < settings.uploadRuns(); run++) {
            System.gc(); // this process's garbage is not the API's, but keep the driver quiet while it streams
            try (PeakSampler heapPeak = new PeakSampler("api-heap", () -> {
                try {
                    return client.heapUsedBytes();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, 50); PeakSampler rssPeak = new PeakSampler("api-rss", () -> ProcessMemory.rssBytes(settings.apiPid()), 50)) {
                long started = System.nanoTime();
                HttpResponse<String> response = client.directUpload(users.token(run), settings.bigFile());
                double seconds = (System.nanoTime() - started) / 1e9;
                if (response.statusCode() != 202) {
                    throw new IllegalStateException("direct upload answered " + response.statusCode() + ": " + response.body());
                }
                throughput.add(size / 1e6 / seconds);
                heap.add(heapPeak.peak() / (double) MIB);
                rss.add(rssPeak.peak() / (double) MIB);
            }
        }
        String file = String.format(Locale.ROOT, "%.2f GiB", size / (double) (1L << 30));
        report.row("direct upload of a " + file + " WAV (multipart, streamed to S3): throughput", throughput.format("MB/s", 0),
                ">= 100 MB/s", throughput.median() >= 100);
        report.row("API heap in use, highest during that upload (sampled every 50 ms)", heap.format("MiB", 0), "< 256 MiB",
                heap.max() < 256);
        report.row("API RSS, highest during that upload", rss.format("MiB", 0));
    }

    private Load.Result floor(Figures figures, int clients, int n) {
        return figures.cpu().measure(settings.floorPid(), 0,
                () -> Load.closed(clients, n, i -> client.floor(settings.floorUrl()).statusCode() == 202));
    }

    private Load.Result createRecords(int clients, int n) throws Exception {
        return createRecords(clients, prepareUploads(n));
    }

    private Load.Result createRecords(int clients, long[] uploads) {
        return Load.closed(clients, uploads.length, i -> record(i, uploads[i]));
    }

    private boolean record(int i, long uploadId) throws Exception {
        String token = users.token(i);
        HttpResponse<String> response = client.createRecord(token, uploadId);
        if (response.statusCode() != 202) {
            System.err.println("POST /api/v1/records answered " + response.statusCode() + ": " + response.body());
            return false;
        }
        synchronized (created) {
            created.add(new Created(token, BenchClient.recordId(response)));
        }
        return true;
    }

    /** n presigned uploads, PUT to S3 (not timed): the i-th belongs to the i-th request's user. */
    private long[] prepareUploads(int n) {
        long[] ids = new long[n];
        Load.Result result = Load.closed(16, n, i -> {
            ids[i] = client.uploaded(users.token(i), audio);
            return true;
        });
        if (result.latencies().failures() > 0) {
            throw new IllegalStateException(result.latencies().failures() + " of " + n + " uploads failed");
        }
        return ids;
    }

    private static int requests(int clients) {
        return switch (clients) {
            case 1 -> 300;
            case 16 -> 2_000;
            default -> 4_000;
        };
    }

    /** The highest median throughput over the concurrency levels. */
    private static double peakRate(Map<Integer, Figures> byClients) {
        return byClients.values().stream().mapToDouble(f -> f.rate().median()).max().orElseThrow();
    }

}

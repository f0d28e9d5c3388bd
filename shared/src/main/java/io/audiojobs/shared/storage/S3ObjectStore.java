package io.audiojobs.shared.storage;

import io.audiojobs.shared.config.AppConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * {@link ObjectStore} on any S3-compatible server through AWS SDK v2, path-style. Server-side calls
 * go to S3_ENDPOINT; presigned URLs are signed for S3_PUBLIC_ENDPOINT, the host clients reach,
 * because the Host header is part of the signature.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
    private static final int STREAM_PART_BYTES = (int) (STREAM_HEAP_BYTES / 2);
    /**
     * Connections kept open to the S3 server. Every record creation HEADs its upload from a request
     * thread, so under load as many are in use as requests in flight; a smaller pool (the JDK's
     * HttpURLConnection keeps 5 idle per host) closed and reopened a connection for most HEADs.
     */
    private static final int MAX_CONNECTIONS = 64;
    /** The largest object S3 copies in one CopyObject. */
    public static final long MAX_SERVER_SIDE_COPY_BYTES = 5L << 30;

    private final SdkHttpClient http;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final ObjectHead head;
    private final String bucket;
    private final long maxServerSideCopyBytes;

    public S3ObjectStore(AppConfig.S3 config) {
        this(config, MAX_SERVER_SIDE_COPY_BYTES);
    }

    /** With a lower limit for server-side copies, for S3-compatible servers that copy less at once (and tests). */
    public S3ObjectStore(AppConfig.S3 config, long maxServerSideCopyBytes) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
        var pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
        this.http = Apache5HttpClient.builder()
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        this.s3 = S3Client.builder()
                .endpointOverride(config.endpoint())
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .httpClient(http)
                .build();
        this.presigner = S3Presigner.builder()
                .endpointOverride(config.publicEndpoint())
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .build();
        this.head = new ObjectHead(http, config.endpoint(), config.bucket(), config.region(), credentials.resolveCredentials());
        this.bucket = config.bucket();
        this.maxServerSideCopyBytes = maxServerSideCopyBytes;
    }

    @Override
    public PresignedUrl presignPut(String key, String contentType, long contentLength, Duration ttl) {
        var presigned = presigner.presignPutObject(p -> p.signatureDuration(ttl)
                .putObjectRequest(r -> r.bucket(bucket).key(key).contentType(contentType).contentLength(contentLength)
                        .ifNoneMatch("*")));
        return toPresigned(presigned);
    }

    @Override
    public PresignedUrl presignReplaceablePut(String key, String contentType, long contentLength, Duration ttl) {
        var presigned = presigner.presignPutObject(p -> p.signatureDuration(ttl)
                .putObjectRequest(r -> r.bucket(bucket).key(key).contentType(contentType).contentLength(contentLength)));
        return toPresigned(presigned);
    }

    @Override
    public String startMultipart(String key, String contentType) {
        return call(() -> s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType)).uploadId());
    }

    @Override
    public PresignedUrl presignPart(String key, String multipartId, int partNumber, long contentLength, Duration ttl) {
        var presigned = presigner.presignUploadPart(p -> p.signatureDuration(ttl)
                .uploadPartRequest(r -> r.bucket(bucket).key(key).uploadId(multipartId).partNumber(partNumber)
                        .contentLength(contentLength)));
        return toPresigned(presigned);
    }

    @Override
    public List<UploadedPart> listParts(String key, String multipartId) {
        try {
            List<UploadedPart> parts = new ArrayList<>();
            s3.listPartsPaginator(r -> r.bucket(bucket).key(key).uploadId(multipartId)).parts()
                    .forEach(p -> parts.add(new UploadedPart(p.partNumber(), p.eTag(), p.size())));
            return parts;
        } catch (NoSuchUploadException e) {
            return List.of();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return List.of();
            }
            throw unavailableOrRethrow(e);
        } catch (SdkClientException e) {
            throw new StorageUnavailableException("object store unreachable", e);
        }
    }

    @Override
    public void completeMultipart(String key, String multipartId, List<UploadedPart> parts) {
        List<CompletedPart> completed = parts.stream()
                .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build())
                .toList();
        call(() -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(multipartId)
                .multipartUpload(m -> m.parts(completed))));
    }

    @Override
    public void abortMultipart(String key, String multipartId) {
        try {
            call(() -> s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(multipartId)));
        } catch (NoSuchUploadException e) {
            // already completed or aborted: nothing left to abort
        }
    }

    @Override
    public PresignedUrl presignGet(String key, Duration ttl) {
        var presigned = presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(r -> r.bucket(bucket).key(key)));
        return toPresigned(presigned);
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return head.of(key);
    }

    @Override
    public long putStream(String key, String contentType, InputStream body, long maxBytes) {
        byte[] buffer = new byte[STREAM_PART_BYTES];
        try {
            int filled = body.readNBytes(buffer, 0, buffer.length);
            if (filled < buffer.length) {
                if (filled > maxBytes) {
                    throw new ObjectTooLargeException(maxBytes);
                }
                call(() -> s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType),
                        RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled))));
                return filled;
            }
            return streamInParts(key, contentType, body, maxBytes, buffer, filled);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the upload failed", e);
        }
    }

    /**
     * Multipart upload of the rest of the stream, two parts in flight at once: while one part goes
     * to S3 the next is read from the client. Two buffers in all, reused, never copied.
     */
    private long streamInParts(String key, String contentType, InputStream body, long maxBytes, byte[] firstBuffer, int firstFill)
            throws IOException {
        String multipartId = startMultipart(key, contentType);
        try (ExecutorService sender = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("s3-part-", 1).factory())) {
            List<UploadedPart> parts = new ArrayList<>();
            byte[] spare = new byte[STREAM_PART_BYTES];
            byte[] current = firstBuffer;
            int filled = firstFill;
            long total = 0;
            Future<UploadedPart> previous = null;
            byte[] previousBuffer = null;
            while (filled > 0) {
                total += filled;
                if (total > maxBytes) {
                    throw new ObjectTooLargeException(maxBytes);
                }
                byte[] part = current;
                int partNumber = parts.size() + (previous == null ? 1 : 2);
                int length = filled;
                Future<UploadedPart> sent = sender.submit(() -> uploadPart(key, multipartId, partNumber, part, length));
                if (previous != null) {
                    parts.add(await(previous));
                    spare = previousBuffer; // sent: its buffer is free again
                }
                previous = sent;
                previousBuffer = part;
                current = spare;
                filled = body.readNBytes(current, 0, current.length);
            }
            if (previous != null) {
                parts.add(await(previous));
            }
            completeMultipart(key, multipartId, parts);
            return total;
        } catch (RuntimeException | IOException e) {
            abortQuietly(key, multipartId, e);
            throw e;
        }
    }

    private UploadedPart uploadPart(String key, String multipartId, int partNumber, byte[] buffer, int length) {
        // a fresh stream over the same bytes on every attempt: retry-safe without a copy
        RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
        String etag = call(() -> s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(multipartId)
                .partNumber(partNumber).contentLength((long) length), body).eTag());
        return new UploadedPart(partNumber, etag, length);
    }

    private static UploadedPart await(Future<UploadedPart> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while a part was sent to storage", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    private void abortQuietly(String key, String multipartId, Exception cause) {
        try {
            abortMultipart(key, multipartId);
        } catch (RuntimeException abortFailure) {
            cause.addSuppressed(abortFailure); // the cleanup job aborts what is left
        }
    }

    @Override
    public void putFile(String key, Path file, String contentType) {
        call(() -> s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file)));
    }

    @Override
    public void putBytes(String key, String contentType, byte[] bytes) {
        call(() -> s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes)));
    }

    @Override
    public InputStream read(String key) {
        return call(() -> s3.getObject(r -> r.bucket(bucket).key(key)));
    }

    @Override
    public boolean copyIfMatch(String source, String target, String etag, long sizeBytes) {
        try {
            if (sizeBytes <= maxServerSideCopyBytes) {
                call(() -> s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(source)
                        .destinationBucket(bucket).destinationKey(target).copySourceIfMatch(etag)));
            } else {
                copyThroughHere(source, target, etag);
            }
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    /** Above the server-side limit: a GET with If-Match streamed into a multipart upload, two parts in memory. */
    private void copyThroughHere(String source, String target, String etag) {
        try (var in = call(() -> s3.getObject(r -> r.bucket(bucket).key(source).ifMatch(etag)))) {
            putStream(target, in.response().contentType(), in, Long.MAX_VALUE);
        } catch (IOException e) {
            throw new StorageUnavailableException("copy of " + source + " broke off", e);
        }
    }

    @Override
    public void download(String key, Path target) {
        try (InputStream in = call(() -> s3.getObject(r -> r.bucket(bucket).key(key)))) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageUnavailableException("download of " + key + " broke off", e);
        }
    }

    @Override
    public Optional<ObjectRead> open(String key, Optional<String> range) {
        try {
            var read = call(() -> s3.getObject(r -> r.bucket(bucket).key(key).range(range.orElse(null))));
            var response = read.response();
            return Optional.of(new ObjectRead(read, response.contentLength(), range.isPresent() ? response.contentRange() : null,
                    response.contentType()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            if (e.statusCode() == 416) {
                throw new UnsatisfiableRangeException(key, range.orElse(""));
            }
            throw e;
        }
    }

    @Override
    public List<String> list(String prefix) {
        return call(() -> {
            List<String> keys = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(object -> keys.add(object.key()));
            return keys;
        });
    }

    @Override
    public void delete(String key) {
        call(() -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
    }

    @Override
    public List<UploadedPart.Pending> multipartUploadsStartedBefore(java.time.Instant cutoff) {
        List<UploadedPart.Pending> stale = new ArrayList<>();
        call(() -> s3.listMultipartUploadsPaginator(r -> r.bucket(bucket))).uploads().forEach(u -> {
            if (u.initiated() != null && u.initiated().isBefore(cutoff)) {
                stale.add(new UploadedPart.Pending(u.key(), u.uploadId(), u.initiated()));
            }
        });
        return stale;
    }

    @Override
    public void ensureBucket() {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            call(() -> s3.createBucket(r -> r.bucket(bucket)));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw unavailableOrRethrow(e);
            }
            call(() -> s3.createBucket(r -> r.bucket(bucket)));
        }
    }

    @Override
    public boolean isReachable() {
        try {
            s3.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
        http.close();
    }

    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (S3Exception e) {
            throw unavailableOrRethrow(e);
        } catch (SdkClientException e) {
            throw new StorageUnavailableException("object store unreachable: " + e.getMessage(), e);
        }
    }

    private static RuntimeException unavailableOrRethrow(S3Exception e) {
        return e.statusCode() >= 500 ? new StorageUnavailableException("object store error " + e.statusCode(), e) : e;
    }

    private static PresignedUrl toPresigned(PresignedRequest presigned) {
        Map<String, String> headers = new TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        URI url = URI.create(presigned.url().toString());
        return new PresignedUrl(
                presigned.httpRequest().method().name(), url, headers, presigned.expiration());
    }
}

package io.audiojobs.shared.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The object store holding uploads and renditions. Keys are always chosen by the server. */
public interface ObjectStore {

    /**
     * A single PUT bound to the content type and exact length that only creates the object: it signs
     * {@code If-None-Match: *}, which the client must send (it is among the returned headers), so a
     * replay of the URL once the object exists is refused (412) and the stored bytes stay as they are.
     */
    PresignedUrl presignPut(String key, String contentType, long contentLength, Duration ttl);

    /**
     * {@link #presignPut} without the precondition, for clients that send nothing but Content-Type
     * (seed 004's): until the URL expires, a replay replaces the object.
     */
    PresignedUrl presignReplaceablePut(String key, String contentType, long contentLength, Duration ttl);

    /** Starts a multipart upload and returns its S3 upload id. */
    String startMultipart(String key, String contentType);

    /**
     * A presigned PUT for one part of a multipart upload, bound to the part's length: S3 refuses a body
     * of any other length (403), so no part can hold more than the plan gave it.
     */
    PresignedUrl presignPart(String key, String multipartId, int partNumber, long contentLength, Duration ttl);

    /** The parts S3 holds so far, for resuming an interrupted upload. Empty once completed or aborted. */
    List<UploadedPart> listParts(String key, String multipartId);

    void completeMultipart(String key, String multipartId, List<UploadedPart> parts);

    void abortMultipart(String key, String multipartId);

    /** A presigned GET a plain HTTP client can download with. */
    PresignedUrl presignGet(String key, Duration ttl);

    Optional<ObjectInfo> head(String key);

    /** Heap one {@link #putStream} holds while it runs: the part being sent and the one being read. */
    long STREAM_HEAP_BYTES = 2L * (8 << 20);

    /**
     * Streams {@code body} to {@code key} without holding it in memory (two part buffers at a time,
     * {@link #STREAM_HEAP_BYTES}). Returns the stored size; throws {@link ObjectTooLargeException}
     * past {@code maxBytes}, keeping nothing.
     */
    long putStream(String key, String contentType, InputStream body, long maxBytes);

    void putFile(String key, Path file, String contentType);

    /** Stores a small object in one PUT (a live chunk, a transcription piece). */
    void putBytes(String key, String contentType, byte[] bytes);

    /** The object's bytes as a stream, read as they arrive; the caller closes it. */
    InputStream read(String key);

    /**
     * Copies {@code source} to {@code target} only while {@code source} still has ETag {@code etag}
     * (any ETag when null): server-side with CopySourceIfMatch up to S3's copy limit (5 GiB), above it
     * read with If-Match and streamed back. False when the source has another ETag now: nothing is
     * copied. A missing source is an error.
     */
    boolean copyIfMatch(String source, String target, String etag, long sizeBytes);

    void download(String key, Path target);

    /**
     * Reads {@code key}, or only the bytes of {@code range} (one range as HTTP's Range header writes
     * it: "bytes=0-99", "bytes=100-", "bytes=-500"). Empty when there is no such object; throws
     * {@link UnsatisfiableRangeException} for a range past its end.
     */
    Optional<ObjectRead> open(String key, Optional<String> range);

    /** The keys of every object whose key starts with {@code prefix}. */
    List<String> list(String prefix);

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(String key);

    /** Multipart uploads started before {@code cutoff} and never completed nor aborted (key, upload id). */
    List<UploadedPart.Pending> multipartUploadsStartedBefore(java.time.Instant cutoff);

    /** Creates the bucket when it does not exist yet. */
    void ensureBucket();

    /** True when the bucket answers. */
    boolean isReachable();
}

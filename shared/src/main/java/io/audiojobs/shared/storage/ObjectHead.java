package io.audiojobs.shared.storage;

import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * HEAD of one object: the SDK's signer and HTTP client without its request pipeline. Record creation
 * checks an upload's size in storage on every call, and a profile of it under load showed the
 * pipeline around {@code S3Client.headObject} (interceptors, endpoint and auth-scheme resolution,
 * metrics, XML-protocol unmarshalling of every header, dates included) costing the API more CPU
 * than the HEAD itself. The request is the same signed HEAD (path style, SigV4, signed empty
 * payload); only three headers are read back.
 */
final class ObjectHead {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final SdkHttpClient http;
    /** {@code <endpoint>/<bucket>/}: path style, the key follows. */
    private final String bucketUrl;
    private final String region;
    private final AwsCredentialsIdentity credentials;

    ObjectHead(SdkHttpClient http, URI endpoint, String bucket, String region, AwsCredentialsIdentity credentials) {
        this.http = http;
        this.bucketUrl = endpoint.toString().replaceAll("/+$", "") + "/" + SdkHttpUtils.urlEncode(bucket) + "/";
        this.region = region;
        this.credentials = credentials;
    }

    /**
     * Size, type and ETag of the object, empty when there is none. A 5xx or an unreachable server is
     * {@link StorageUnavailableException}; any other refusal (403: wrong credentials) is an
     * {@link IllegalStateException}, a configuration fault and not the client's.
     */
    Optional<ObjectInfo> of(String key) {
        SdkHttpRequest signed = sign(SdkHttpRequest.builder()
                .method(SdkHttpMethod.HEAD)
                .uri(URI.create(bucketUrl + SdkHttpUtils.urlEncodeIgnoreSlashes(key)))
                .build());
        HttpExecuteResponse response;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder().request(signed).build()).call();
        } catch (IOException e) {
            throw new StorageUnavailableException("object store unreachable: " + e.getMessage(), e);
        }
        closeQuietly(response.responseBody());
        int status = response.httpResponse().statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status >= 500) {
            throw new StorageUnavailableException("object store error " + status + " on HEAD " + key, null);
        }
        if (status != 200) {
            throw new IllegalStateException("object store refused HEAD " + key + " with status " + status);
        }
        long size = response.httpResponse().firstMatchingHeader("Content-Length").map(Long::parseLong)
                .orElseThrow(() -> new IllegalStateException("object store sent no Content-Length for " + key));
        return Optional.of(new ObjectInfo(size, response.httpResponse().firstMatchingHeader("Content-Type").orElse(null),
                response.httpResponse().firstMatchingHeader("ETag").orElse(null)));
    }

    private SdkHttpRequest sign(SdkHttpRequest request) {
        return SIGNER.sign(r -> r.identity(credentials)
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                // S3 signs the path as sent: no second encoding, no normalization
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)).request();
    }

    private static void closeQuietly(Optional<? extends InputStream> body) {
        body.ifPresent(stream -> {
            try {
                stream.close();
            } catch (IOException ignored) {
                // a HEAD has no body; closing returns the connection to the keep-alive pool
            }
        });
    }
}

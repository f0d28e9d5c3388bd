package io.audiojobs.embedded;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real S3 protocol server (S3Proxy) that checks signatures like AWS does: tampered, expired or
 * wrong-content-type presigned requests are refused. Files on disk under a folder, or in memory.
 * It answers browsers' CORS requests, so a web page can upload to it with presigned URLs.
 */
public final class EmbeddedS3Server implements AutoCloseable {
    private final S3Proxy proxy;
    private final URI endpoint;

    private EmbeddedS3Server(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /** @param baseDirectory where objects live, or null to keep them in memory
     *  @param port a fixed port, or 0 for any free one */
    public static EmbeddedS3Server start(Path baseDirectory, int port, String accessKey, String secretKey) {
        try {
            int chosenPort = port > 0 ? port : freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + chosenPort);
            Properties properties = new Properties();
            properties.setProperty("s3proxy.endpoint", "http://0.0.0.0:" + chosenPort);
            properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            properties.setProperty("s3proxy.identity", accessKey);
            properties.setProperty("s3proxy.credential", secretKey);
            properties.setProperty("jclouds.identity", accessKey);
            properties.setProperty("jclouds.credential", secretKey);
            // Browsers (the web app) PUT uploads and GET renditions here from the API's origin. Every
            // request is still signed or presigned, so any origin may call; multipart uploads read
            // each part's ETag, which a browser only sees when it is exposed.
            properties.setProperty("s3proxy.cors-allow-origins", "*");
            properties.setProperty("s3proxy.cors-allow-methods", "GET HEAD PUT POST");
            properties.setProperty("s3proxy.cors-allow-headers", "*");
            properties.setProperty("s3proxy.cors-exposed-headers", "ETag");
            String provider = "transient";
            if (baseDirectory != null) {
                Files.createDirectories(baseDirectory);
                provider = "filesystem";
                properties.setProperty("jclouds.filesystem.basedir", baseDirectory.toAbsolutePath().toString());
            }
            properties.setProperty("jclouds.provider", provider);
            S3Proxy proxy = S3Proxy.Builder.fromProperties(properties)
                    .blobStore(BlobStores.create(provider, properties))
                    .build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.onSpinWait();
            }
            return new EmbeddedS3Server(proxy, endpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded S3 server did not start", e);
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3 server did not start", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return proxy.getPort();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3 server did not stop", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.audiojobs.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;

/** POST /v1/audio/transcriptions requests as the OpenAI SDKs send them: a multipart form with the file and the model. */
final class TranscriptionRequests {
    private TranscriptionRequests() {}

    static HttpRequest build(String api, String bearer, byte[] wav, String responseFormat) {
        String boundary = "bench-" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"response_format\"\r\n\r\n" + responseFormat + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        return HttpRequest.newBuilder(URI.create(api + "/v1/audio/transcriptions"))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(15))
                .POST(BodyPublishers.concat(BodyPublishers.ofString(head), BodyPublishers.ofByteArray(wav), BodyPublishers.ofString(tail)))
                .build();
    }
}

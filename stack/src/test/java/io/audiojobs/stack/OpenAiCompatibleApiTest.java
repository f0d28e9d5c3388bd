package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams.TimestampGranularity;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import com.openai.models.audio.transcriptions.TranscriptionVerbose;
import com.openai.models.models.Model;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.api.Multipart;
import io.audiojobs.worker.testing.SpeechFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAI-compatible API driven by the official openai-java client, as any program written for
 * OpenAI would drive it: the API in this JVM, a Vosk worker in its own process, real speech.
 */
class OpenAiCompatibleApiTest {
    private static ApiHarness api;
    private static WorkerProcess worker;
    private static byte[] speech;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        api = ApiHarness.shared();
        worker = WorkerProcess.onSharedInfrastructure(dir.resolve("work"), dir.resolve("worker.log"), Map.of("WORKER_THREADS", "2"));
        speech = Files.readAllBytes(SpeechFixtures.recording(dir.resolve("speech.wav"), SpeechFixtures.script(0, 2),
                Duration.ofMillis(600)).wav());
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
    }

    @Test
    void json_answers_the_text_and_the_call_is_a_record_of_the_caller() {
        String user = ApiHarness.newUser();
        try (var response = openai(api, newKey(user)).audio().transcriptions().withRawResponse()
                .create(params(AudioResponseFormat.JSON).build())) {
            TranscriptionCreateResponse parsed = response.parse();
            assertThat(parsed.isTranscription()).isTrue();
            assertThat(parsed.asTranscription().text().toLowerCase()).contains("weather", "window");
            String recordId = response.headers().values("X-Audiojobs-Record-Id").getFirst();

            JsonNode records = api.get(user, "/api/v1/records").json().get("items");
            assertThat(records).hasSize(1);
            assertThat(records.get(0).get("id").asText()).isEqualTo(recordId);
            assertThat(records.get(0).get("title").asText()).isEqualTo("speech.wav");
            JsonNode transcript = api.get(user, "/api/v1/records/" + recordId + "/transcript").json();
            assertThat(transcript.get("text").asText()).isEqualTo(parsed.asTranscription().text());
        }
    }

    @Test
    void text_srt_and_vtt_answer_as_openai_writes_them() {
        OpenAIClient client = openai(api, newKey(ApiHarness.newUser()));
        String text = raw(client, params(AudioResponseFormat.TEXT));
        assertThat(text).endsWith("\n").doesNotStartWith("{");
        assertThat(text.toLowerCase()).contains("weather");

        String srt = raw(client, params(AudioResponseFormat.SRT));
        assertThat(srt).startsWith("1\n00:00:").contains(" --> ").endsWith("\n\n");
        assertThat(srt).containsPattern("\\d\\d:\\d\\d:\\d\\d,\\d\\d\\d --> \\d\\d:\\d\\d:\\d\\d,\\d\\d\\d");

        String vtt = raw(client, params(AudioResponseFormat.VTT));
        assertThat(vtt).startsWith("WEBVTT\n\n00:00:").endsWith("\n\n");
        assertThat(vtt).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d --> \\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d");
    }

    @Test
    void verbose_json_has_segments_by_default_and_words_when_asked() {
        OpenAIClient client = openai(api, newKey(ApiHarness.newUser()));

        TranscriptionVerbose segments = client.audio().transcriptions().create(params(AudioResponseFormat.VERBOSE_JSON).build())
                .asVerbose().validate();
        assertThat(segments.language()).isEqualTo("english");
        assertThat(segments.duration()).isBetween(5.0, 15.0);
        assertThat(segments.words()).isEmpty();
        assertThat(segments.segments()).hasValueSatisfying(list -> {
            assertThat(list).isNotEmpty();
            assertThat(list.getFirst().id()).isZero();
            assertThat(list).allSatisfy(s -> {
                assertThat(s.end()).isGreaterThan(s.start());
                assertThat(s.avgLogprob()).isLessThanOrEqualTo(0f);
                assertThat(s.compressionRatio()).isPositive();
            });
        });
        assertThat(segments._additionalProperties()).containsOnlyKeys("task");

        TranscriptionVerbose words = client.audio().transcriptions().create(params(AudioResponseFormat.VERBOSE_JSON)
                .addTimestampGranularity(TimestampGranularity.WORD).build()).asVerbose().validate();
        assertThat(words.segments()).isEmpty();
        assertThat(words.words()).hasValueSatisfying(list -> {
            assertThat(list.stream().map(w -> w.word().toLowerCase()).toList()).contains("weather", "window");
            for (int i = 1; i < list.size(); i++) {
                assertThat(list.get(i).start()).isGreaterThanOrEqualTo(list.get(i - 1).start());
            }
        });

        TranscriptionVerbose both = client.audio().transcriptions().create(params(AudioResponseFormat.VERBOSE_JSON)
                .addTimestampGranularity(TimestampGranularity.WORD).addTimestampGranularity(TimestampGranularity.SEGMENT)
                .build()).asVerbose().validate();
        assertThat(both.segments()).isPresent();
        assertThat(both.words()).isPresent();
    }

    @Test
    void models_lists_the_local_model_and_the_whisper_alias() {
        OpenAIClient client = openai(api, newKey(ApiHarness.newUser()));
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).containsExactly("vosk-small-en-us", "whisper-1");
        assertThat(client.models().retrieve("vosk-small-en-us").ownedBy()).isEqualTo("audiojobs");

        TranscriptionCreateResponse local = client.audio().transcriptions().create(TranscriptionCreateParams.builder()
                .file(speechFile()).model("vosk-small-en-us").build());
        assertThat(local.asTranscription().text().toLowerCase()).contains("weather");
    }

    @Test
    void an_unknown_model_is_a_404_in_openais_error_shape_and_stores_nothing() {
        String user = ApiHarness.newUser();
        OpenAIClient client = openai(api, newKey(user));
        assertThatThrownBy(() -> client.audio().transcriptions().create(TranscriptionCreateParams.builder()
                .file(speechFile()).model("gpt-4o-transcribe").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.code()).hasValue("model_not_found");
                    assertThat(e.param()).hasValue("model");
                    assertThat(e.type()).hasValue("invalid_request_error");
                    assertThat(e.getMessage()).contains("gpt-4o-transcribe");
                });
        assertThat(api.get(user, "/api/v1/records").json().get("items")).isEmpty();
    }

    @Test
    void a_text_file_named_wav_is_a_400_naming_the_file() {
        String user = ApiHarness.newUser();
        MultipartField<InputStream> notes = MultipartField.<InputStream>builder()
                .value(new ByteArrayInputStream("shopping list: milk, eggs, bread\n".repeat(50).getBytes(StandardCharsets.UTF_8)))
                .filename("notes.wav").contentType("audio/wav").build();
        assertThatThrownBy(() -> openai(api, newKey(user)).audio().transcriptions().create(TranscriptionCreateParams.builder()
                .file(notes).model("whisper-1").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).hasValue("unusable_audio");
                    assertThat(e.param()).hasValue("file");
                    assertThat(e.headers().values("x-should-retry")).containsExactly("false");
                });
        assertThat(api.get(user, "/api/v1/records").json().at("/items/0/status").asText()).isEqualTo("FAILED");
    }

    @Test
    void a_missing_file_or_no_key_is_a_4xx_in_openais_error_shape_and_api_v1_keeps_its_own() {
        String user = ApiHarness.newUser();
        var noFile = api.send(api.authorized(user, "/v1/audio/transcriptions")
                .header("Content-Type", new Multipart().contentType())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new Multipart().field("model", "whisper-1").bytes()))
                .build());
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.json().get("error").properties()).extracting(Map.Entry::getKey)
                .containsExactly("message", "type", "param", "code");
        assertThat(noFile.json().at("/error/param").asText()).isEqualTo("file");
        assertThat(noFile.json().at("/error/code").asText()).isEqualTo("validation_failed");

        assertThatThrownBy(() -> openai(api, "aj_not-a-key").models().list())
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.code()).hasValue("unauthorized");
                    assertThat(e.type()).hasValue("invalid_request_error");
                });
        assertThat(api.get(null, "/api/v1/records").json().at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void an_api_key_is_created_listed_used_and_revoked_at_once_on_every_node() {
        String user = ApiHarness.newUser();
        var created = api.postJson(user, "/api/v1/api-keys", Map.of("name", "laptop"));
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("key").asText();
        assertThat(key).startsWith("aj_").hasSize(46);
        assertThat(created.json().get("prefix").asText()).isEqualTo(key.substring(0, 9));

        ApiHarness second = ApiHarness.custom(Map.of());
        try {
            assertThat(openai(api, key).models().list().data()).isNotEmpty();
            assertThat(openai(second, key).models().list().data()).isNotEmpty();
            var viaKey = api.send(api.authorized(null, "/api/v1/records").header("Authorization", "Bearer " + key).GET().build());
            assertThat(viaKey.status()).as("a key goes wherever a JWT goes").isEqualTo(200);

            JsonNode listed = api.get(user, "/api/v1/api-keys").json().get("items");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("name").asText()).isEqualTo("laptop");
            assertThat(listed.get(0).has("key")).isFalse();
            assertThat(listed.get(0).get("lastUsedAt").isNull()).isFalse();
            assertThat(listed.toString()).doesNotContain(key.substring(9));

            assertThat(api.delete(user, "/api/v1/api-keys/" + listed.get(0).get("id").asLong()).status()).isEqualTo(204);
            assertThatThrownBy(() -> openai(api, key).models().list()).isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> openai(second, key).models().list()).isInstanceOf(UnauthorizedException.class);
            assertThat(api.get(user, "/api/v1/api-keys").json().get("items")).isEmpty();
        } finally {
            second.stop();
        }
    }

    @Test
    void users_records_are_kept_apart() {
        String alice = ApiHarness.newUser();
        String bob = ApiHarness.newUser();
        String recordId;
        try (var response = openai(api, newKey(alice)).audio().transcriptions().withRawResponse()
                .create(params(AudioResponseFormat.JSON).build())) {
            recordId = response.headers().values("X-Audiojobs-Record-Id").getFirst();
        }
        String bobsKey = newKey(bob);
        var asBob = api.send(api.authorized(null, "/api/v1/records/" + recordId).header("Authorization", "Bearer " + bobsKey).GET().build());
        assertThat(asBob.status()).isEqualTo(404);
        assertThat(api.get(bob, "/api/v1/records").json().get("items")).isEmpty();
        assertThat(api.get(alice, "/api/v1/records/" + recordId).status()).isEqualTo(200);
    }

    @Test
    void past_the_wait_bound_the_answer_names_the_record_which_completes_anyway() {
        String user = ApiHarness.newUser();
        ApiHarness impatient = ApiHarness.custom(Map.of("OPENAI_COMPAT_MAX_WAIT", "200ms"));
        try {
            assertThatThrownBy(() -> openai(impatient, newKey(user)).audio().transcriptions().create(params(AudioResponseFormat.JSON).build()))
                    .isInstanceOfSatisfying(InternalServerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(504);
                        assertThat(e.code()).hasValue("still_processing");
                        String recordId = e.headers().values("X-Audiojobs-Record-Id").getFirst();
                        assertThat(e.getMessage()).contains("Record " + recordId, "/api/v1/records/" + recordId);
                    });
        } finally {
            impatient.stop();
        }
        JsonNode records = api.get(user, "/api/v1/records").json().get("items");
        assertThat(records).as("the SDK did not retry: one record").hasSize(1);
        assertThat(api.awaitFinal(user, records.get(0).get("id").asLong(), Duration.ofSeconds(90)).get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void a_client_that_disconnects_does_not_cancel_its_record() throws Exception {
        String user = ApiHarness.newUser();
        Multipart form = new Multipart().field("model", "whisper-1").file("file", "talk.wav", "audio/wav", speech);
        byte[] body = form.bytes();
        try (Socket socket = new Socket("localhost", api.uri("/").getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + newKey(user)
                    + "\r\nContent-Type: " + form.contentType() + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> !api.get(user, "/api/v1/records").json().get("items").isEmpty());
        } // the client goes away while its request waits
        long id = api.get(user, "/api/v1/records").json().at("/items/0/id").asLong();
        assertThat(api.awaitFinal(user, id, Duration.ofSeconds(90)).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(api.get(user, "/api/v1/records/" + id + "/transcript").json().get("text").asText()).contains("weather");
    }

    private static OpenAIClient openai(ApiHarness target, String key) {
        return OpenAIOkHttpClient.builder().baseUrl(target.uri("/v1").toString()).apiKey(key)
                .timeout(Duration.ofMinutes(2)).build();
    }

    private static String newKey(String user) {
        var created = api.postJson(user, "/api/v1/api-keys", Map.of("name", "test"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    private static MultipartField<InputStream> speechFile() {
        return MultipartField.<InputStream>builder().value(new ByteArrayInputStream(speech)).filename("speech.wav")
                .contentType("audio/wav").build();
    }

    private static TranscriptionCreateParams.Builder params(AudioResponseFormat format) {
        return TranscriptionCreateParams.builder().file(speechFile()).model("whisper-1").responseFormat(format);
    }

    /** text, srt and vtt are not JSON: read the body as the SDK received it. */
    private static String raw(OpenAIClient client, TranscriptionCreateParams.Builder params) {
        try (HttpResponseFor<TranscriptionCreateResponse> response = client.audio().transcriptions().withRawResponse()
                .create(params.build())) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().values("Content-Type").getFirst()).startsWith("text/plain");
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

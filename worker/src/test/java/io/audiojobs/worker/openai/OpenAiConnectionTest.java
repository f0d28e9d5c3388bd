package io.audiojobs.worker.openai;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import io.audiojobs.worker.testing.openai.FakeOpenAiServer;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link OpenAiConnection}, {@link OpenAiClients} and {@link ProviderErrors}. */
class OpenAiConnectionTest {

    private static final URI URL = URI.create("http://llm.internal:8000/v1/");

    @Test
    void normalizesTheUrlAndKeyAndNeverPrintsTheKey() {
        OpenAiConnection connection = new OpenAiConnection(URL, null, Duration.ofSeconds(30), 0);
        assertThat(connection.baseUrl()).isEqualTo(URI.create("http://llm.internal:8000/v1"));
        assertThat(connection.apiKey()).isEmpty();
        assertThat(connection.attempts()).isEqualTo("1 attempt");
        assertThat(connection).hasToString(
                "OpenAiConnection[baseUrl=http://llm.internal:8000/v1, apiKey=<none>, timeout=PT30S, clientRetries=0]");

        OpenAiConnection withKey = new OpenAiConnection(URL, "sk-secret", Duration.ofSeconds(30), 2);
        assertThat(withKey.toString()).contains("apiKey=<set>").doesNotContain("sk-secret");
        assertThat(withKey.attempts()).isEqualTo("3 attempts");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new OpenAiConnection(null, "k", Duration.ofSeconds(1), 0))
                .isInstanceOf(NullPointerException.class).hasMessage("baseUrl");
        assertThatThrownBy(() -> new OpenAiConnection(URL, "k", Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, got PT0S");
        assertThatThrownBy(() -> new OpenAiConnection(URL, "k", Duration.ofSeconds(1), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clientRetries must be >= 0, got -1");
        assertThatThrownBy(() -> OpenAiClients.requireModel(" ", "chatModel"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chatModel must not be blank");
        assertThat(OpenAiClients.requireModel("whisper-1", "defaultModel")).isEqualTo("whisper-1");
    }

    @Test
    void theClientSendsAPlaceholderKeyWhenThereIsNone() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            OpenAIClient client = OpenAiClients.build(new OpenAiConnection(server.baseUrl(), " ", Duration.ofSeconds(5), 0));
            try {
                client.models().list();
            } catch (RuntimeException ignored) {
                // the fake server does not serve /models; only the request matters here
            } finally {
                client.close();
            }
            assertThat(server.requests()).hasSize(1);
            assertThat(server.requests().getFirst().header("Authorization")).isEqualTo("Bearer no-api-key");
        }
    }

    @Test
    void describesProviderErrors() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.respondWith(503, "{\"detail\": \"model is loading\"}", Map.of("Retry-After-Ms", "1500"));
            server.respondWithError(400, "x".repeat(600));
            OpenAIClient client = OpenAiClients.build(new OpenAiConnection(server.baseUrl(), "k", Duration.ofSeconds(5), 0));
            try {
                OpenAIServiceException unavailable = catchThrowableOfType(OpenAIServiceException.class,
                        () -> client.models().list());
                assertThat(ProviderErrors.isRetryableStatus(unavailable.statusCode())).isTrue();
                assertThat(ProviderErrors.providerMessage(unavailable)).isEqualTo("{\"detail\":\"model is loading\"}");
                assertThat(ProviderErrors.retryAfter(unavailable.headers())).isEqualTo(Duration.ofMillis(1500));

                OpenAIServiceException refused = catchThrowableOfType(OpenAIServiceException.class,
                        () -> client.models().list());
                assertThat(ProviderErrors.isRetryableStatus(refused.statusCode())).isFalse();
                assertThat(ProviderErrors.providerMessage(refused)).isEqualTo("x".repeat(500) + "...");
                assertThat(ProviderErrors.retryAfter(refused.headers())).isNull();
            } finally {
                client.close();
            }
        }
    }

    @Test
    void describesTheRootCause() {
        Exception e = new RuntimeException("wrapped", new SocketTimeoutException("Read timed out"));
        assertThat(ProviderErrors.isTimeout(e)).isTrue();
        assertThat(ProviderErrors.isTimeout(new RuntimeException("connection refused"))).isFalse();
        assertThat(ProviderErrors.describe(e)).isEqualTo("SocketTimeoutException: Read timed out");
    }
}

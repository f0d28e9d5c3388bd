package io.audiojobs.api.openai;

/**
 * OpenAI's error shape, which the /v1 routes answer with (its SDKs read it into their exceptions):
 * {@code {"error":{"message","type","param","code"}}}.
 */
public record OpenAiErrorBody(Detail error) {
    public record Detail(String message, String type, String param, String code) {}
}

package io.audiojobs.api.openai;

import io.audiojobs.api.openai.OpenAiViews.Segment;
import io.audiojobs.api.openai.OpenAiViews.Usage;
import io.audiojobs.api.openai.OpenAiViews.VerboseTranscription;
import io.audiojobs.api.openai.OpenAiViews.Word;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.formats.TranscriptFormats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * A transcript in the response format the request asked for, as OpenAI writes it: JSON {@code
 * {text, usage}}, plain text, SRT or WebVTT (text/plain, as OpenAI serves them), or verbose JSON.
 *
 * <p>Verbose segments carry Whisper's decoder figures; where an engine has none, they stand for the
 * nearest thing there is: {@code avg_logprob} is the mean log of the segment's word confidences (0
 * without them), {@code compression_ratio} is Whisper's own measure (text bytes over their zlib
 * size), {@code temperature} 0 (no sampling), {@code no_speech_prob} 0 and {@code tokens} empty
 * (no tokenizer).
 */
final class TranscriptionRendering {
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";
    /** Whisper decodes 30 s windows; {@code seek} is the window's start in 10 ms frames. */
    private static final long WINDOW_MS = 30_000;

    /** A body and its content type; {@code body} is a String for text, a record for JSON. */
    record Rendered(String contentType, Object body) {}

    private TranscriptionRendering() {}

    static Rendered render(Transcript transcript, long durationMs, TranscriptionOptions options) {
        double duration = seconds(durationMs);
        return switch (options.format()) {
            case JSON -> new Rendered(JSON, new OpenAiViews.Transcription(transcript.text(), Usage.of(duration)));
            case TEXT -> new Rendered(TEXT, transcript.text() + "\n");
            case SRT -> new Rendered(TEXT, TranscriptFormats.srt(transcript));
            case VTT -> new Rendered(TEXT, TranscriptFormats.vtt(transcript));
            case VERBOSE_JSON -> new Rendered(JSON, new VerboseTranscription("transcribe", languageName(transcript.language()),
                    duration, transcript.text(), options.segments() ? segments(transcript) : null,
                    options.words() ? words(transcript) : null, Usage.of(duration)));
        };
    }

    /** OpenAI names the language in English, in lower case ("english"), not by its code. */
    static String languageName(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String name = Locale.forLanguageTag(code.replace('_', '-')).getDisplayLanguage(Locale.ENGLISH);
        return name.isEmpty() ? code : name.toLowerCase(Locale.ROOT);
    }

    private static List<Segment> segments(Transcript transcript) {
        List<Transcript.Word> words = transcript.words();
        List<Segment> segments = new ArrayList<>();
        int next = 0; // words and segments are both in time order: one sweep pairs them
        for (Transcript.Segment s : transcript.segments()) {
            double logSum = 0;
            int confident = 0;
            while (next < words.size() && middle(words.get(next)) < s.endMs()) {
                Transcript.Word w = words.get(next++);
                if (middle(w) >= s.startMs() && w.confidence() != null && w.confidence() > 0) {
                    logSum += Math.log(Math.min(1.0, w.confidence()));
                    confident++;
                }
            }
            segments.add(new Segment(segments.size(), (int) (s.startMs() / WINDOW_MS * 3_000), seconds(s.startMs()),
                    seconds(s.endMs()), s.text(), List.of(), 0.0, confident == 0 ? 0.0 : logSum / confident,
                    compressionRatio(s.text()), 0.0));
        }
        return segments;
    }

    private static List<Word> words(Transcript transcript) {
        return transcript.words().stream().map(w -> new Word(w.word(), seconds(w.startMs()), seconds(w.endMs()))).toList();
    }

    /** Whisper's: UTF-8 bytes of the text over the bytes zlib makes of them. */
    static double compressionRatio(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            return 0.0;
        }
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(bytes);
            deflater.finish();
            byte[] out = new byte[bytes.length + 64];
            int compressed = 0;
            while (!deflater.finished()) {
                compressed += deflater.deflate(out);
            }
            return (double) bytes.length / compressed;
        } finally {
            deflater.end();
        }
    }

    private static long middle(Transcript.Word w) {
        return w.startMs() + (w.endMs() - w.startMs()) / 2;
    }

    private static double seconds(long ms) {
        return ms / 1000.0;
    }
}

package io.audiojobs.worker.transcribe.vosk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.transcripts.SpeechModels;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.Transcript.Segment;
import io.audiojobs.shared.transcripts.Transcript.Word;
import io.audiojobs.worker.audio.NotWavException;
import io.audiojobs.worker.audio.WavSampleStream;
import io.audiojobs.worker.transcribe.SpeechToText;
import io.audiojobs.worker.transcribe.TranscriptionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * The local speech-to-text engine: Vosk (Kaldi) through its JNA binding, with an English model
 * loaded from disk.
 *
 * <p>One instance per worker process: the constructor loads the model (about 1 s, and 180 MB resident
 * outside the Java heap, 230 MB once decoding has started), and every {@link #transcribe} call shares it. Each call makes its own {@link Recognizer}
 * (Vosk's models are immutable and safe to share between threads; a recognizer is not), so any
 * number of job threads may transcribe at once; each costs one CPU core while it runs. Speed on two
 * cores: 0.1 to 0.15 x real time for a minute of speech, 0.06 for an hour; about 0.13 s per call goes
 * to creating and finalizing the recognizer.
 *
 * <p>The WAV is streamed into the recognizer {@value #BUFFER_BYTES} bytes at a time, so a recording
 * of hours needs no more memory than a short one (plus its transcript). Every utterance Vosk
 * finalizes at a pause becomes one {@link Segment}; its words carry Vosk's times and confidences.
 *
 * <p>{@link #close()} releases the model. Vosk reference-counts it natively, so a transcription
 * still running finishes normally; new calls after close are refused.
 */
public final class VoskSpeechToText implements SpeechToText, AutoCloseable {

    public static final String ENGINE = "vosk";
    /** What the convert step writes and the model expects: 16 kHz mono 16-bit PCM. */
    public static final int SAMPLE_RATE = 16_000;

    static final int BUFFER_BYTES = 4096;
    private static final String LANGUAGE = "en";
    private static final int BYTES_PER_SECOND = SAMPLE_RATE * 2;

    private static final Logger log = LoggerFactory.getLogger(VoskSpeechToText.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object NATIVE_INIT = new Object();
    private static boolean nativeInitialized;

    private final Path modelDirectory;
    private final String modelName;
    private final Model model;
    /** Read lock: creating a recognizer from the model. Write lock: closing the model. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * Loads the model in {@code modelDirectory} (the unpacked model: {@code am/}, {@code conf/},
     * {@code graph/}, {@code ivector/}). Takes a few seconds.
     *
     * @throws IOException if the directory is not a Vosk model or Vosk cannot load it
     * @throws IllegalStateException if the native library cannot be loaded on this platform
     */
    public VoskSpeechToText(Path modelDirectory) throws IOException {
        requireNonNull(modelDirectory, "modelDirectory");
        this.modelDirectory = modelDirectory.toAbsolutePath().normalize();
        if (!Files.isRegularFile(this.modelDirectory.resolve("am/final.mdl"))
                || !Files.isDirectory(this.modelDirectory.resolve("conf"))) {
            throw new NoSuchFileException(
                    this.modelDirectory.toString(), null,
                    "not a Vosk model directory (expected am/final.mdl and conf/ in it)");
        }
        initializeNativeLibrary();
        this.modelName = SpeechModels.voskModelName(this.modelDirectory);
        long started = System.nanoTime();
        this.model = new Model(this.modelDirectory.toString()); // IOException "Failed to create a model"
        log.info("Loaded Vosk model {} from {} in {} ms", modelName, this.modelDirectory,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    /** The loaded model's name, e.g. {@code vosk-model-small-en-us-0.15}: the only model there is. */
    @Override
    public String defaultModel() {
        return modelName;
    }

    public Path modelDirectory() {
        return modelDirectory;
    }

    @Override
    public Transcript transcribe(Path wav, TranscriptionRequest request) throws IOException, InterruptedException {
        requireNonNull(wav, "wav");
        String language = checkLanguage(request == null ? null : request.language());
        checkModel(request == null ? null : request.model());

        long started = System.nanoTime();
        List<Segment> segments = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        long audioBytes = 0;
        long utteranceStart = 0; // byte position where the current utterance's audio began
        try (WavSampleStream pcm = openPcm(wav); Recognizer recognizer = newRecognizer()) {
            recognizer.setWords(true);
            byte[] buffer = new byte[BUFFER_BYTES];
            int count;
            while ((count = pcm.read(buffer)) > 0) {
                if (Thread.interrupted()) { // a job cancelled or a worker shutting down
                    throw new InterruptedException("Transcription of " + wav + " interrupted");
                }
                audioBytes += count;
                if (recognizer.acceptWaveForm(buffer, count)) {
                    addUtterance(recognizer.getResult(), utteranceStart, audioBytes, segments, words);
                    utteranceStart = audioBytes;
                }
            }
            addUtterance(recognizer.getFinalResult(), utteranceStart, audioBytes, segments, words);
        } catch (NotWavException e) {
            throw new PermanentJobFailure("The audio for transcription is not a WAV file: " + e.getMessage() + ".");
        }

        String text = segments.stream().map(Segment::text).collect(Collectors.joining(" "));
        if (log.isInfoEnabled()) {
            double audioSeconds = audioBytes / (double) BYTES_PER_SECOND;
            double seconds = (System.nanoTime() - started) / 1e9;
            log.info("Transcribed {} s of audio with Vosk in {} s ({} x real time): {} segments, {} words",
                    String.format(Locale.ROOT, "%.1f", audioSeconds), String.format(Locale.ROOT, "%.1f", seconds),
                    audioSeconds > 0 ? String.format(Locale.ROOT, "%.2f", seconds / audioSeconds) : "-",
                    segments.size(), words.size());
        }
        return new Transcript(text, language, ENGINE, modelName, List.copyOf(segments), List.copyOf(words));
    }

    /** Releases the model. Transcriptions already running finish; later calls are refused. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private Recognizer newRecognizer() throws IOException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("The Vosk engine is closed (the worker is shutting down)");
            }
            // The native recognizer takes a reference on the model: closing the model later is safe.
            return new Recognizer(model, SAMPLE_RATE);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static WavSampleStream openPcm(Path wav) throws IOException {
        WavSampleStream pcm = WavSampleStream.open(wav);
        if (!pcm.header().isPcm16Mono() || pcm.header().sampleRate() != SAMPLE_RATE) {
            String found = pcm.header().describeFormat();
            pcm.close();
            throw new PermanentJobFailure("The audio for transcription must be 16 kHz mono 16-bit PCM WAV, but it is "
                    + found + ".");
        }
        return pcm;
    }

    /**
     * Turns one Vosk result ({@code {"result":[{"conf","start","end","word"}...],"text":"..."}}, times
     * in seconds from the start of the stream) into a segment and its words. An empty result (silence,
     * noise) adds nothing. {@code fromByte}/{@code toByte} bound the audio the result came from; they
     * give the segment its times only if Vosk left the words out.
     */
    private static void addUtterance(String json, long fromByte, long toByte, List<Segment> segments,
                                     List<Word> words) throws IOException {
        JsonNode root = JSON.readTree(json);
        String text = root.path("text").asText("").strip();
        if (text.isEmpty()) {
            return;
        }
        List<Word> utteranceWords = new ArrayList<>();
        for (JsonNode w : root.path("result")) {
            String word = w.path("word").asText("");
            if (word.isEmpty()) {
                continue;
            }
            long startMs = Math.round(w.path("start").asDouble() * 1000);
            long endMs = Math.max(startMs, Math.round(w.path("end").asDouble() * 1000));
            Double confidence = w.hasNonNull("conf") ? Math.clamp(w.get("conf").asDouble(), 0.0, 1.0) : null;
            utteranceWords.add(new Word(startMs, endMs, word, confidence));
        }
        long startMs;
        long endMs;
        if (utteranceWords.isEmpty()) {
            startMs = fromByte * 1000 / BYTES_PER_SECOND;
            endMs = toByte * 1000 / BYTES_PER_SECOND;
        } else {
            startMs = utteranceWords.getFirst().startMs();
            endMs = utteranceWords.getLast().endMs();
        }
        if (!segments.isEmpty()) {
            startMs = Math.max(startMs, segments.getLast().endMs());
            endMs = Math.max(endMs, startMs);
        }
        segments.add(new Segment(startMs, endMs, text));
        words.addAll(utteranceWords);
    }

    /** The request's language, or "en"; anything but English is refused: there is no other model. */
    private static String checkLanguage(String requested) {
        if (requested == null || requested.isBlank()) {
            return LANGUAGE;
        }
        String primary = requested.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        if (primary.equals("en") || primary.equals("eng") || primary.equals("english")) {
            return LANGUAGE;
        }
        throw new PermanentJobFailure("The local engine only has an English model; it cannot transcribe language '"
                + requested.strip() + "'. Use the OpenAI engine (STT_ENGINE=openai) for other languages, or leave "
                + "the language empty for English.");
    }

    private void checkModel(String requested) {
        if (requested == null || requested.isBlank()) {
            return;
        }
        String name = requested.strip();
        if (name.equals(modelName) || name.equals(SpeechModels.DEFAULT)) {
            return;
        }
        throw new PermanentJobFailure("The local engine has only the model '" + modelName + "'; model '" + name
                + "' is not available. Leave the model empty, or use the OpenAI engine (STT_ENGINE=openai) for "
                + "its models.");
    }

    /** Loads libvosk through JNA and turns Kaldi's logging down to warnings, once per process. */
    private static void initializeNativeLibrary() {
        synchronized (NATIVE_INIT) {
            if (nativeInitialized) {
                return;
            }
            try {
                LibVosk.setLogLevel(LogLevel.WARNINGS);
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                throw new IllegalStateException("Could not load the Vosk native library (libvosk, unpacked by JNA "
                        + "from the vosk jar into jna.tmpdir, default java.io.tmpdir) on " + System.getProperty("os.name")
                        + "/" + System.getProperty("os.arch") + ": " + e.getMessage(), e);
            }
            nativeInitialized = true;
        }
    }
}

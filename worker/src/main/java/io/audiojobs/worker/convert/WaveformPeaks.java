package io.audiojobs.worker.convert;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.audiojobs.worker.audio.PcmWav;
import io.audiojobs.worker.audio.WavHeader;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes waveform peaks in the JSON format of BBC audiowaveform (version 2, 8-bit values), which
 * waveform viewers such as peaks.js read directly.
 */
public final class WaveformPeaks {

    static final int MIN_SAMPLES_PER_PIXEL = 256;
    /** A recording of any length gets at most about this many pixels. */
    static final int MAX_PIXELS = 10_000;

    private static final JsonFactory JSON = new JsonFactory();
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private WaveformPeaks() {}

    /**
     * Reads a 16-bit PCM mono WAV (as written by {@link Transcoder#toNormalizedWav}) and writes its
     * peaks to {@code outputJson}. Streams the samples, so memory use does not grow with length.
     *
     * @throws IOException if the file cannot be read or is not 16-bit PCM mono WAV
     */
    public static void write(Path normalizedWav, Path outputJson) throws IOException {
        long fileSize = Files.size(normalizedWav);
        byte[] peaks;
        PcmWav wav;
        int samplesPerPixel;
        try (InputStream in =
                new BufferedInputStream(Files.newInputStream(normalizedWav), READ_BUFFER_BYTES)) {
            wav = PcmWav.of(WavHeader.read(in), fileSize, normalizedWav);
            samplesPerPixel = samplesPerPixel(wav.sampleCount());
            peaks = readPeaks(new DataInputStream(in), wav.sampleCount(), samplesPerPixel);
        }
        try (OutputStream out = Files.newOutputStream(outputJson);
                JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField("version", 2);
            json.writeNumberField("channels", 1);
            json.writeNumberField("sample_rate", wav.sampleRate());
            json.writeNumberField("samples_per_pixel", samplesPerPixel);
            json.writeNumberField("bits", 8);
            json.writeNumberField("length", peaks.length / 2);
            json.writeArrayFieldStart("data");
            for (byte peak : peaks) {
                json.writeNumber(peak);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** Samples summarised by one pixel: at least 256, and enough to stay within ~10000 pixels. */
    public static int samplesPerPixel(long totalSamples) {
        long forMaxPixels = (long) Math.ceil(totalSamples / (double) MAX_PIXELS);
        return (int) Math.max(MIN_SAMPLES_PER_PIXEL, forMaxPixels);
    }

    /** Returns min0, max0, min1, max1, ... as 8-bit values. */
    private static byte[] readPeaks(DataInputStream in, long totalSamples, int samplesPerPixel)
            throws IOException {
        int pixels = (int) ((totalSamples + samplesPerPixel - 1) / samplesPerPixel);
        byte[] peaks = new byte[2 * pixels];
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        long samplesLeft = totalSamples;
        int pixel = 0;
        int samplesInPixel = 0;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        while (samplesLeft > 0) {
            int samplesInBuffer = (int) Math.min(samplesLeft, buffer.length / 2);
            in.readFully(buffer, 0, samplesInBuffer * 2);
            for (int i = 0; i < samplesInBuffer; i++) {
                int sample = (short) ((buffer[2 * i] & 0xFF) | buffer[2 * i + 1] << 8);
                min = Math.min(min, sample);
                max = Math.max(max, sample);
                if (++samplesInPixel == samplesPerPixel) {
                    storePixel(peaks, pixel++, min, max);
                    samplesInPixel = 0;
                    min = Integer.MAX_VALUE;
                    max = Integer.MIN_VALUE;
                }
            }
            samplesLeft -= samplesInBuffer;
        }
        if (samplesInPixel > 0) {
            storePixel(peaks, pixel, min, max);
        }
        return peaks;
    }

    private static void storePixel(byte[] peaks, int pixel, int min16, int max16) {
        // 16-bit to 8-bit by dropping the low byte maps -32768..32767 onto -128..127.
        peaks[2 * pixel] = (byte) (min16 >> 8);
        peaks[2 * pixel + 1] = (byte) (max16 >> 8);
    }
}

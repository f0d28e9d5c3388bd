package io.audiojobs.api.records;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.uploads.UploadService;
import io.audiojobs.shared.uploads.Upload;
import io.javalin.http.Context;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a multipart/form-data request as a stream: the file field goes straight to S3 while it
 * arrives (never whole in memory, never on local disk), the small text fields are collected.
 */
public final class DirectUploadForm {
    private static final int MAX_FIELD_BYTES = 4096;
    private static final int MAX_VALUES_PER_FIELD = 16;

    /**
     * The stored upload and the form's text fields: {@code fields} has the last value of each,
     * {@code values} every value in order (for fields sent more than once, like {@code name[]}).
     */
    public record Parsed(Upload upload, Map<String, String> fields, Map<String, List<String>> values) {
        public List<String> all(String field) {
            return values.getOrDefault(field, List.of());
        }
    }

    private final UploadService uploads;
    private final long maxUploadBytes;

    public DirectUploadForm(UploadService uploads, long maxUploadBytes) {
        this.uploads = uploads;
        this.maxUploadBytes = maxUploadBytes;
    }

    public Parsed read(Context ctx, String user, String fileField, Set<String> allowedFields) {
        if (ctx.req().getContentLengthLong() > maxUploadBytes + 1_048_576) {
            throw ApiError.tooLarge("UPLOAD_TOO_LARGE", "The request is larger than the limit of " + maxUploadBytes + " bytes.");
        }
        Reading form = new Reading();
        try {
            readItems(ctx, user, fileField, allowedFields, form);
        } catch (RuntimeException e) {
            throw discardAfter(form.upload, e); // refused after the file was stored: the file goes too
        }
        if (form.upload == null) {
            throw ApiError.badRequest("VALIDATION_FAILED", "The multipart field '" + fileField + "' with the audio file is required.");
        }
        return new Parsed(form.upload, form.fields, form.values);
    }

    /** What has been read so far, the stored file included, so that a refusal can remove it. */
    private static final class Reading {
        private Upload upload;
        private final Map<String, String> fields = new HashMap<>();
        private final Map<String, List<String>> values = new HashMap<>();
    }

    private void readItems(Context ctx, String user, String fileField, Set<String> allowedFields, Reading form) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw ApiError.unsupportedMediaType("Send the file as multipart/form-data (the '" + fileField
                    + "' part, and the other fields beside it).");
        }
        try {
            FileItemInputIterator items = new JakartaServletFileUpload<>().getItemIterator(ctx.req());
            while (items.hasNext()) {
                FileItemInput item = items.next();
                if (item.getFieldName() != null && item.getFieldName().equals(fileField) && !item.isFormField()) {
                    if (form.upload != null) {
                        throw ApiError.badRequest("VALIDATION_FAILED", "Send one '" + fileField + "' file per request.");
                    }
                    try (InputStream in = item.getInputStream()) {
                        form.upload = uploads.storeDirect(user, item.getName(), item.getContentType(), in);
                    }
                } else if (item.isFormField() && allowedFields.contains(item.getFieldName())) {
                    String value = readField(item);
                    form.fields.put(item.getFieldName(), value);
                    List<String> all = form.values.computeIfAbsent(item.getFieldName(), f -> new ArrayList<>());
                    if (all.size() == MAX_VALUES_PER_FIELD) {
                        throw ApiError.badRequest("VALIDATION_FAILED", "Form field '" + item.getFieldName() + "' is repeated too often.")
                                .about(item.getFieldName());
                    }
                    all.add(value);
                } else {
                    throw ApiError.badRequest("UNKNOWN_FIELD", "Unknown form field '" + item.getFieldName() + "'.").about(item.getFieldName());
                }
            }
        } catch (FileUploadException e) {
            throw ApiError.badRequest("MALFORMED_MULTIPART", "The multipart body could not be read: " + e.getMessage());
        } catch (UncheckedIOException | IOException e) {
            throw ApiError.badRequest("MALFORMED_MULTIPART", "The upload broke off before it was complete.");
        }
    }

    /** Runs what the upload was for; if that is refused, the stored file goes too, so nothing is left behind. */
    public <T> T keepOnlyIfAccepted(Parsed form, java.util.function.Supplier<T> use) {
        try {
            return use.get();
        } catch (RuntimeException e) {
            throw discardAfter(form.upload(), e);
        }
    }

    /** Removes the stored file (if any) of a refused request; returns the refusal to throw. */
    private RuntimeException discardAfter(Upload upload, RuntimeException refusal) {
        if (upload != null) {
            try {
                uploads.discard(upload);
            } catch (RuntimeException cleanupFailure) {
                refusal.addSuppressed(cleanupFailure); // the orphan cleanup removes it later
            }
        }
        return refusal;
    }

    private static String readField(FileItemInput item) throws IOException {
        try (InputStream in = item.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
            if (bytes.length > MAX_FIELD_BYTES) {
                throw ApiError.tooLarge("FIELD_TOO_LARGE", "Form field '" + item.getFieldName() + "' is too long.").about(item.getFieldName());
            }
            return new String(bytes, StandardCharsets.UTF_8).trim();
        }
    }
}

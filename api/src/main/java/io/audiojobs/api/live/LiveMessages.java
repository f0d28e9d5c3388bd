package io.audiojobs.api.live;

import io.audiojobs.api.live.LiveViews.ChunkView;
import io.audiojobs.api.live.LiveViews.SessionSummary;
import io.audiojobs.api.live.LiveViews.SessionView;

import java.util.List;
import java.util.UUID;

/** What the server sends on the live WebSocket (SPEC §6): every message has its {@code type} first. */
final class LiveMessages {
    private LiveMessages() {}

    record Authenticated(String type, String userId) {
        Authenticated(String userId) {
            this("authenticated", userId);
        }
    }

    record SessionStarted(String type, UUID sessionId, Long recordId, SessionView session) {
        SessionStarted(SessionView session) {
            this("session_started", session.id(), session.recordId(), session);
        }
    }

    record ChunkAck(String type, UUID sessionId, long sequence, boolean saved) {
        ChunkAck(UUID sessionId, long sequence, boolean saved) {
            this("chunk_ack", sessionId, sequence, saved);
        }
    }

    record MissingChunks(String type, UUID sessionId, List<Long> sequences) {
        MissingChunks(UUID sessionId, List<Long> sequences) {
            this("missing_chunks", sessionId, sequences);
        }
    }

    /** {@code chunk_created} when a piece is cut, {@code chunk_transcribed} when its transcription is done (or failed). */
    record ChunkEvent(String type, UUID sessionId, ChunkView chunk) {}

    record SessionStopped(String type, UUID sessionId, Long recordId, SessionView session) {
        SessionStopped(SessionView session) {
            this("session_stopped", session.id(), session.recordId(), session);
        }
    }

    record SessionResumed(String type, UUID sessionId, Long lastSequence, List<Long> missing, SessionView session) {
        SessionResumed(Long lastSequence, List<Long> missing, SessionView session) {
            this("session_resumed", session.id(), lastSequence, missing, session);
        }
    }

    record SessionsList(String type, List<SessionSummary> sessions, int total) {
        SessionsList(List<SessionSummary> sessions, int total) {
            this("sessions_list", sessions, total);
        }
    }

    record SessionDetails(String type, SessionView session) {
        SessionDetails(SessionView session) {
            this("session_details", session);
        }
    }

    record RetranscribeAccepted(String type, UUID sessionId, UUID chunkId) {
        RetranscribeAccepted(UUID sessionId, UUID chunkId) {
            this("retranscribe_accepted", sessionId, chunkId);
        }
    }

    record SessionDeleted(String type, UUID sessionId) {
        SessionDeleted(UUID sessionId) {
            this("session_deleted", sessionId);
        }
    }

    record Pong(String type) {
        Pong() {
            this("pong");
        }
    }

    record Error(String type, String code, String message, UUID sessionId, Long sequence, String limit, Long max) {}
}

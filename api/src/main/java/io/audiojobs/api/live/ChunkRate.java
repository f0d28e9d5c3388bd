package io.audiojobs.api.live;

/**
 * LIVE_MAX_CHUNKS_PER_SECOND for one connection: a token bucket refilled at that rate, holding three
 * seconds' worth, so a client resending what it missed after a reconnect is not refused at once.
 */
final class ChunkRate {
    private static final int BURST_SECONDS = 3;

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long updatedAt;

    ChunkRate(int perSecond, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond * (double) BURST_SECONDS;
        this.tokens = capacity;
        this.updatedAt = nowNanos;
    }

    synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - updatedAt) * perNano);
        updatedAt = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}

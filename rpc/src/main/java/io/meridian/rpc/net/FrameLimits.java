package io.meridian.rpc.net;

/** Bounds on what one connection may send or hold. */
public record FrameLimits(int frameBytesMax, int idleSecondsMax) {
    public static final int FRAME_BYTES_MAX = 16 * 1024 * 1024;
    public static final int IDLE_SECONDS_MAX = 3_600;

    public static FrameLimits defaults() {
        return new FrameLimits(FRAME_BYTES_MAX, IDLE_SECONDS_MAX);
    }
}

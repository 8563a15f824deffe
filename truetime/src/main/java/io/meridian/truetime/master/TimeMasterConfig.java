package io.meridian.truetime.master;

/**
 * How a node's time daemon uses its region's master.
 *
 * @param pollIntervalMicros how often (local clock) the daemon re-syncs; Spanner polls every 30 s
 * @param assumedDriftPpm the worst-case drift of a node's oscillator, in µs per s, that ε grows by
 *     between polls; Spanner assumes 200. A node that drifts faster breaks the interval (its daemon
 *     notices at the next poll and counts a sync fault)
 */
public record TimeMasterConfig(long pollIntervalMicros, long assumedDriftPpm) {
    public static final long POLL_INTERVAL_MICROS_DEFAULT = 30_000_000;
    public static final long ASSUMED_DRIFT_PPM_DEFAULT = 200;
    public static final TimeMasterConfig DEFAULT =
            new TimeMasterConfig(POLL_INTERVAL_MICROS_DEFAULT, ASSUMED_DRIFT_PPM_DEFAULT);

    static final long PPM = 1_000_000;

    public TimeMasterConfig {
        if (pollIntervalMicros <= 0) {
            throw new IllegalArgumentException("pollIntervalMicros must be > 0, got " + pollIntervalMicros);
        }
        if (assumedDriftPpm < 0 || assumedDriftPpm >= PPM / 2) {
            throw new IllegalArgumentException("assumedDriftPpm must be in [0, 500000), got " + assumedDriftPpm);
        }
    }

    /**
     * How much ε grows over {@code elapsedLocalMicros} of local time. A clock running at rate
     * 1 + d counts elapsed/(1 + d) true microseconds, so the error grows by |d|/(1 + d) per local
     * microsecond, at most A/(1 - A) for |d| <= A; plus 2 µs for the two readings' rounding.
     */
    public long driftAllowanceMicros(long elapsedLocalMicros) {
        if (elapsedLocalMicros <= 0) {
            return ROUNDING_SLACK_MICROS;
        }
        return ceilDiv(elapsedLocalMicros * assumedDriftPpm, PPM - assumedDriftPpm) + ROUNDING_SLACK_MICROS;
    }

    /** Local microseconds until earliest advances by {@code micros}: it moves at 1 - A/(1 - A). */
    public long localMicrosToAdvanceEarliest(long micros) {
        long rateDenominator = PPM - 2 * assumedDriftPpm;
        return ceilDiv(micros * (PPM - assumedDriftPpm), rateDenominator);
    }

    /** ε̄ over a full sawtooth that restarts at {@code syncEpsilonMicros} on every poll. */
    public double meanEpsilonMicros(long syncEpsilonMicros) {
        return syncEpsilonMicros + ROUNDING_SLACK_MICROS
                + (double) pollIntervalMicros * assumedDriftPpm / (PPM - assumedDriftPpm) / 2;
    }

    static final long ROUNDING_SLACK_MICROS = 2;

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}

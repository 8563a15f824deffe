package io.meridian.bench.report;

import java.util.Arrays;

/**
 * Latencies of one closed-loop run in nanoseconds, merged from the per-thread arrays, with
 * exact percentiles (sorted once). Each thread keeps at most {@link #PER_THREAD_MAX} samples;
 * past that it still counts operations but stops recording their latency.
 */
public final class LatencySamples {
    public static final int PER_THREAD_MAX = 4_000_000;

    private final long[] sorted;

    public LatencySamples(long[][] perThread, int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < perThread.length; t++) {
            System.arraycopy(perThread[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        this.sorted = all;
    }

    public int count() {
        return sorted.length;
    }

    /** The q-quantile (0..1) in microseconds, nearest rank; NaN without samples. */
    public double percentileMicros(double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1000.0;
    }

    public double meanMicros() {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return sum / sorted.length / 1000.0;
    }
}

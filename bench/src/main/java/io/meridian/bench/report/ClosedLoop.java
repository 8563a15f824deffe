package io.meridian.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs N client threads in a closed loop (each issues its next operation when the previous one
 * returned) for a warm-up and then a measured period, and reports throughput and latency of
 * the measured period only (each client's first operation runs before either, untimed). Failed operations are counted, not timed; after
 * {@link #ERRORS_MAX} failures the run stops and reports the first one.
 */
public final class ClosedLoop {
    static final long ERRORS_MAX = 1000;
    static final long ERROR_BACKOFF_MILLIS = 10;
    static final long FIRST_OPERATIONS_SECONDS_MAX = 120;

    /** One client's operation; a thread owns its instance (its connection, its key space). */
    public interface Operation extends AutoCloseable {
        void run() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Makes the operation of client {@code index} (0..clients-1), opening its connection. */
    public interface OperationFactory {
        Operation open(int index) throws Exception;
    }

    public record Outcome(long operations, double seconds, LatencySamples latencies, long errors, String firstError) {
        public double throughput() {
            return operations / seconds;
        }
    }

    private ClosedLoop() {
    }

    public static Outcome run(OperationFactory factory, int clients, double warmupSeconds, double measureSeconds)
            throws Exception {
        List<Operation> operations = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                operations.add(factory.open(i));
            }
            firstOperations(operations);
            return measure(operations, warmupSeconds, measureSeconds);
        } finally {
            for (Operation op : operations) {
                try {
                    op.close();
                } catch (Exception e) {
                    // closing a client after the run cannot change its figures
                }
            }
        }
    }

    /**
     * Each client's first operation (a new session plans its statements, a new channel warms up),
     * all at once and untimed, so that the warm-up starts with every client ready.
     */
    private static void firstOperations(List<Operation> operations) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(operations.size());
        for (Operation op : operations) {
            Thread thread = new Thread(() -> {
                try {
                    op.run();
                } catch (Exception e) {
                    // counted in the measured loop if it keeps failing
                } finally {
                    done.countDown();
                }
            }, "client-first");
            thread.setDaemon(true);
            thread.start();
        }
        if (!done.await(FIRST_OPERATIONS_SECONDS_MAX, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients' first operations still running after " + FIRST_OPERATIONS_SECONDS_MAX + " s");
        }
    }

    private static Outcome measure(List<Operation> operations, double warmupSeconds, double measureSeconds)
            throws InterruptedException {
        int clients = operations.size();
        long start = System.nanoTime();
        long measureStart = start + (long) (warmupSeconds * 1e9);
        long end = measureStart + (long) (measureSeconds * 1e9);
        long[][] samples = new long[clients][];
        int[] counts = new int[clients];
        long[] measuredOps = new long[clients];
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(clients);
        for (int t = 0; t < clients; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    long[] mine = new long[1 << 16];
                    int n = 0;
                    long ops = 0;
                    Operation op = operations.get(index);
                    while (true) {
                        long before = System.nanoTime();
                        if (before >= end || errors.get() >= ERRORS_MAX) {
                            break;
                        }
                        try {
                            op.run();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                            sleepQuietly(ERROR_BACKOFF_MILLIS);
                            continue;
                        }
                        long after = System.nanoTime();
                        if (before >= measureStart && after <= end) {
                            ops++;
                            if (n < LatencySamples.PER_THREAD_MAX) {
                                if (n == mine.length) {
                                    mine = java.util.Arrays.copyOf(mine, Math.min(mine.length * 2, LatencySamples.PER_THREAD_MAX));
                                }
                                mine[n++] = after - before;
                            }
                        }
                    }
                    samples[index] = mine;
                    counts[index] = n;
                    measuredOps[index] = ops;
                } finally {
                    done.countDown();
                }
            }, "client-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        // Each thread stops at `end`; allow one slow operation past it before giving up.
        long graceNanos = TimeUnit.SECONDS.toNanos(30);
        if (!done.await(end - System.nanoTime() + graceNanos, TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("clients still busy 30 s after the measured period ended");
        }
        long total = 0;
        for (int t = 0; t < clients; t++) {
            total += measuredOps[t];
            if (samples[t] == null) {
                samples[t] = new long[0];
            }
        }
        return new Outcome(total, measureSeconds, new LatencySamples(samples, counts), errors.get(), firstError.get());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

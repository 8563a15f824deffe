package io.meridian.bench.truetime;

import io.meridian.truetime.CommitWait;
import io.meridian.truetime.DriftingClock;
import io.meridian.truetime.SystemClock;
import io.meridian.truetime.Timestamp;
import io.meridian.truetime.WaitScheduler;
import io.meridian.truetime.master.TimeMaster;
import io.meridian.truetime.master.TimeMasterConfig;
import io.meridian.truetime.master.TimeMasterTrueTime;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commit wait in real time against the default sawtooth (master uncertainty 1 ms, poll every
 * 30 s, 200 µs/s assumed drift): one measurement iteration is one full poll period, so every
 * phase of the sawtooth is sampled. Each op takes a timestamp at now().latest and waits until
 * after() holds, which should take 2ε of the moment it started.
 *
 * <p>{@code arrivals=open} starts commits on a fixed 20 ms grid (longer than the longest wait; the
 * pause before each op is not measured), so starts sample the sawtooth uniformly in time and the
 * mean wait should be the sawtooth's time average 2ε̄ (about 8 ms). {@code arrivals=closed} runs
 * waits back to back: they are shorter where ε is small, so more of them start there, and the
 * op-weighted expectation is 2(ε_max - ε_min)/ln(ε_max/ε_min) (about 6.2 ms). The mean 2ε sampled
 * at each op's start, printed per iteration, is the exact reference for the measured mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 30)
@Fork(1)
public class CommitWaitBenchmark {
    private static final TimeMasterConfig CONFIG = TimeMasterConfig.DEFAULT;
    private static final long MASTER_UNCERTAINTY_MICROS = TimeMaster.UNCERTAINTY_MICROS_DEFAULT;

    private static final long OPEN_ARRIVAL_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    @Param({"closed", "open"})
    public String arrivals;

    private TimeMasterTrueTime trueTime;
    private long nextArrivalNanos;
    private ScheduledExecutorService executor;
    private CommitWait commitWait;
    private long startEpsilonSumMicros;
    private long waits;

    @Setup
    public void setUp() {
        TimeMaster master = new TimeMaster("bench", SystemClock.INSTANCE, MASTER_UNCERTAINTY_MICROS, new SplittableRandom(1));
        DriftingClock clock = new DriftingClock(SystemClock.INSTANCE, 0, 50);
        trueTime = new TimeMasterTrueTime(clock, master, CONFIG);
        executor = new ScheduledThreadPoolExecutor(1);
        commitWait = new CommitWait(trueTime, clock, WaitScheduler.of(executor));
    }

    @TearDown
    public void tearDown() {
        executor.shutdownNow();
    }

    @Setup(Level.Iteration)
    public void resetSamples() {
        startEpsilonSumMicros = 0;
        waits = 0;
    }

    /** Open arrivals: wait, unmeasured, for the next 20 ms slot; skip slots already missed. */
    @Setup(Level.Invocation)
    public void awaitArrival() {
        if (!arrivals.equals("open")) {
            return;
        }
        long now = System.nanoTime();
        if (nextArrivalNanos <= now) {
            nextArrivalNanos = now;
        }
        while (System.nanoTime() < nextArrivalNanos) {
            LockSupport.parkNanos(nextArrivalNanos - System.nanoTime());
        }
        nextArrivalNanos += OPEN_ARRIVAL_GAP_NANOS;
    }

    @TearDown(Level.Iteration)
    public void report() {
        double timeMeanEpsilonMicros = CONFIG.meanEpsilonMicros(MASTER_UNCERTAINTY_MICROS);
        double minEpsilonMicros = CONFIG.driftAllowanceMicros(0) + MASTER_UNCERTAINTY_MICROS;
        double maxEpsilonMicros = CONFIG.driftAllowanceMicros(CONFIG.pollIntervalMicros()) + MASTER_UNCERTAINTY_MICROS;
        double opMeanEpsilonMicros = (maxEpsilonMicros - minEpsilonMicros) / Math.log(maxEpsilonMicros / minEpsilonMicros);
        System.out.printf("%n  arrivals=%s waits=%d  mean 2ε at wait start=%.3f ms  expected 2ε̄: time-weighted (open)"
                        + " %.3f ms, closed-loop %.3f ms%n", arrivals, waits,
                waits == 0 ? 0.0 : 2.0 * startEpsilonSumMicros / waits / 1_000,
                2 * timeMeanEpsilonMicros / 1_000, 2 * opMeanEpsilonMicros / 1_000);
    }

    private Timestamp start() {
        startEpsilonSumMicros += trueTime.now().epsilonMicros();
        waits++;
        return trueTime.nextTimestamp();
    }

    /** Blocks the benchmark thread: the path for callers that own their thread. */
    @Benchmark
    public Timestamp blocking() throws InterruptedException {
        Timestamp s = start();
        trueTime.waitUntilAfter(s);
        return s;
    }

    /** Holds no thread while waiting: the scheduler wakes the future (how event loops wait). */
    @Benchmark
    public Timestamp async() {
        return commitWait.untilAfter(start()).join();
    }
}

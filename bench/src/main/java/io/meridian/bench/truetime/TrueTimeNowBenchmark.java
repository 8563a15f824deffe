package io.meridian.bench.truetime;

import io.meridian.truetime.DriftingClock;
import io.meridian.truetime.HlcTrueTime;
import io.meridian.truetime.SystemClock;
import io.meridian.truetime.TimeInterval;
import io.meridian.truetime.Timestamp;
import io.meridian.truetime.master.TimeMaster;
import io.meridian.truetime.master.TimeMasterConfig;
import io.meridian.truetime.master.TimeMasterTrueTime;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TT.now() on both sources over the real system clock: ns/op on one thread (target: under
 * 100 ns), ops/s with 8 threads contending for one instance. The system clock read alone is the
 * floor both sit on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TrueTimeNowBenchmark {
    private HlcTrueTime hlc;
    private TimeMasterTrueTime timeMaster;

    @Setup
    public void setUp() {
        hlc = new HlcTrueTime(SystemClock.INSTANCE, HlcTrueTime.MAX_OFFSET_MICROS_DEFAULT);
        TimeMaster master = new TimeMaster("bench", SystemClock.INSTANCE, TimeMaster.UNCERTAINTY_MICROS_DEFAULT,
                new SplittableRandom(1));
        timeMaster = new TimeMasterTrueTime(new DriftingClock(SystemClock.INSTANCE, 0, 50), master, TimeMasterConfig.DEFAULT);
    }

    @Benchmark
    public long systemClock() {
        return SystemClock.INSTANCE.nowMicros();
    }

    @Benchmark
    public TimeInterval hlcNow() {
        return hlc.now();
    }

    @Benchmark
    public TimeInterval timeMasterNow() {
        return timeMaster.now();
    }

    @Benchmark
    public Timestamp hlcNextTimestamp() {
        return hlc.nextTimestamp();
    }

    @Benchmark
    @Threads(8)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public TimeInterval hlcNow8Threads() {
        return hlc.now();
    }

    @Benchmark
    @Threads(8)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public TimeInterval timeMasterNow8Threads() {
        return timeMaster.now();
    }
}

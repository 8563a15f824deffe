package io.meridian.truetime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Where a clock reports: a registry plus the tags that name this node. {@link #none()} reports
 * nowhere (a composite registry with no members hands out no-op meters).
 *
 * <p>Meters: {@code truetime.epsilon} (gauge, µs, tag {@code source}), {@code truetime.commit.wait}
 * (timer, tag {@code mode} = blocking or async), {@code truetime.clock.offset.rejections} (counter,
 * tag {@code source}) and {@code truetime.sync.faults} (counter, tag {@code source}). Each name
 * always carries the same tag keys, as Prometheus requires.
 */
public final class TrueTimeMetrics {
    public static final String EPSILON = "truetime.epsilon";
    public static final String COMMIT_WAIT = "truetime.commit.wait";
    public static final String OFFSET_REJECTIONS = "truetime.clock.offset.rejections";
    public static final String SYNC_FAULTS = "truetime.sync.faults";

    private final MeterRegistry registry;
    private final Tags tags;

    private TrueTimeMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    public static TrueTimeMetrics none() {
        return new TrueTimeMetrics(new CompositeMeterRegistry(), Tags.empty());
    }

    public static TrueTimeMetrics of(MeterRegistry registry, Tags tags) {
        return new TrueTimeMetrics(registry, tags);
    }

    /** Tags as alternating key, value: {@code of(registry, "node", "n1")}. */
    public static TrueTimeMetrics of(MeterRegistry registry, String... tagKeyValues) {
        return new TrueTimeMetrics(registry, Tags.of(tagKeyValues));
    }

    /** Reports the source's current ε. The gauge holds the clock weakly, as Micrometer gauges do. */
    public void registerEpsilonGauge(String source, TrueTime trueTime) {
        Gauge.builder(EPSILON, trueTime, clock -> clock.now().epsilonMicros())
                .tags(tags.and("source", source))
                .baseUnit("microseconds")
                .description("TrueTime uncertainty: half the width of now()")
                .register(registry);
    }

    public Timer commitWaitTimer(String mode) {
        return Timer.builder(COMMIT_WAIT)
                .tags(tags.and("mode", mode))
                .description("Time from asking to wait for a commit timestamp until after(s) held")
                .register(registry);
    }

    public Counter offsetRejections(String source) {
        return Counter.builder(OFFSET_REJECTIONS)
                .tags(tags.and("source", source))
                .description("Peer timestamps refused because they were further ahead than the offset bound allows")
                .register(registry);
    }

    public Counter syncFaults(String source) {
        return Counter.builder(SYNC_FAULTS)
                .tags(tags.and("source", source))
                .description("Time-master polls that found the local clock outside its uncertainty")
                .register(registry);
    }
}

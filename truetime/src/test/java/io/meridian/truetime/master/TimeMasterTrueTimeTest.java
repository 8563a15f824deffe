package io.meridian.truetime.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.truetime.DriftingClock;
import io.meridian.truetime.ManualClock;
import io.meridian.truetime.TimeInterval;
import io.meridian.truetime.Timestamp;
import io.meridian.truetime.TrueTimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeMasterTrueTimeTest {
    private static final long START_MICROS = 1_700_000_000_000_000L;
    private static final long HOUR_MICROS = 3_600_000_000L;
    private static final TimeMasterConfig CONFIG = TimeMasterConfig.DEFAULT;

    /** Nodes in three regions, drift anywhere within the assumed bound, offsets up to a second. */
    private static List<TimeMasterTrueTime> cluster(ManualClock reference, SplittableRandom random, int nodesPerRegion) {
        List<TimeMasterTrueTime> nodes = new ArrayList<>();
        for (String region : List.of("us-east", "eu-west", "ap-south")) {
            TimeMaster master = new TimeMaster(region, reference, TimeMaster.UNCERTAINTY_MICROS_DEFAULT, random.split());
            for (int n = 0; n < nodesPerRegion; n++) {
                DriftingClock clock = DriftingClock.random(reference, random.split(), 1_000_000, CONFIG.assumedDriftPpm());
                nodes.add(new TimeMasterTrueTime(clock, master, CONFIG));
            }
        }
        return nodes;
    }

    @Test
    void epsilonIsASawtoothFromAboutOneToAboutSevenMilliseconds() {
        ManualClock reference = new ManualClock(START_MICROS);
        TimeMaster master = new TimeMaster("us-east", reference, 1_000, new SplittableRandom(1));
        TimeMasterTrueTime tt = new TimeMasterTrueTime(new DriftingClock(reference, 0, 0), master, CONFIG);
        assertEquals(1_002, tt.now().epsilonMicros());
        reference.advanceMicros(CONFIG.pollIntervalMicros() - 1);
        long peak = tt.now().epsilonMicros();
        assertTrue(peak > 7_000 && peak < 7_010, "ε before the poll: " + peak);
        reference.advanceMicros(1);
        assertEquals(1_002, tt.now().epsilonMicros(), "the poll restarts the sawtooth");

        long min = Long.MAX_VALUE;
        long max = 0;
        for (int step = 0; step < 36_000; step++) { // an hour in 100 ms steps
            reference.advanceMicros(100_000);
            long epsilon = tt.now().epsilonMicros();
            min = Math.min(min, epsilon);
            max = Math.max(max, epsilon);
        }
        assertEquals(1_002, min);
        assertTrue(max > 6_900 && max < 7_010, "max ε " + max);
    }

    @Test
    void intervalContainsTrueTimeOverManySeedsAndHours() {
        int seeds = 100;
        long samples = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            ManualClock reference = new ManualClock(START_MICROS);
            List<TimeMasterTrueTime> nodes = cluster(reference, random, 2);
            long endMicros = START_MICROS + 4 * HOUR_MICROS;
            while (reference.nowMicros() < endMicros) {
                // Mostly second-scale steps, sometimes microseconds: both ends of the sawtooth get hit.
                reference.advanceMicros(random.nextInt(8) == 0 ? random.nextLong(50) : random.nextLong(2_000_000));
                long trueMicros = reference.nowMicros();
                for (TimeMasterTrueTime node : nodes) {
                    TimeInterval interval = node.now();
                    samples++;
                    if (!interval.contains(trueMicros)) {
                        throw new AssertionError("seed=" + seed + " true time " + trueMicros + " outside " + interval
                                + " on a node of " + node.master().region());
                    }
                    assertTrue(interval.epsilonMicros() <= 7_010, "seed=" + seed + " ε " + interval.epsilonMicros());
                }
            }
        }
        assertTrue(samples > 1_000_000, "samples: " + samples);
    }

    @Test
    void lyingEpsilonLetsTrueTimeFallOutsideTheInterval() {
        SplittableRandom random = new SplittableRandom(3);
        ManualClock reference = new ManualClock(START_MICROS);
        List<TimeMasterTrueTime> nodes = cluster(reference, random, 2);
        nodes.forEach(node -> node.lieAboutEpsilon(0.2));
        int outside = 0;
        for (int step = 0; step < 10_000; step++) {
            reference.advanceMicros(random.nextLong(1_000_000));
            for (TimeMasterTrueTime node : nodes) {
                outside += node.now().contains(reference.nowMicros()) ? 0 : 1;
            }
        }
        assertTrue(outside > 100, "a lying ε must be visible against true time; outside=" + outside);
        nodes.forEach(TimeMasterTrueTime::stopLying);
        for (TimeMasterTrueTime node : nodes) {
            assertTrue(node.now().contains(reference.nowMicros()));
        }
    }

    @Test
    void skewedClockIsCaughtAtTheNextPoll() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualClock reference = new ManualClock(START_MICROS);
        DriftingClock clock = new DriftingClock(reference, 0, 0);
        TimeMaster master = new TimeMaster("us-east", reference, 1_000, new SplittableRandom(5));
        TimeMasterTrueTime tt = new TimeMasterTrueTime(clock, master, CONFIG, TrueTimeMetrics.of(registry, "node", "n1"));
        reference.advanceMicros(10_000_000);
        clock.skew(50_000);
        assertFalse(tt.now().contains(reference.nowMicros()), "a 50 ms step is outside a ~3 ms ε until the next poll");
        reference.advanceMicros(CONFIG.pollIntervalMicros());
        assertTrue(tt.now().contains(reference.nowMicros()), "the poll resynchronises");
        assertEquals(1.0, registry.get(TrueTimeMetrics.SYNC_FAULTS).tag("node", "n1").counter().count());
    }

    @Test
    void clockSteppedBackIsCaughtAndResynchronisedAtOnce() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualClock reference = new ManualClock(START_MICROS);
        DriftingClock clock = new DriftingClock(reference, 0, 0);
        TimeMasterTrueTime tt = new TimeMasterTrueTime(clock,
                new TimeMaster("us-east", reference, 1_000, new SplittableRandom(5)), CONFIG, TrueTimeMetrics.of(registry));
        reference.advanceMicros(10_000);
        clock.skew(-50_000); // behind where the last poll left it
        assertTrue(tt.now().contains(reference.nowMicros()));
        assertEquals(1.0, registry.get(TrueTimeMetrics.SYNC_FAULTS).counter().count());
    }

    @Test
    void driftBeyondTheAssumedRateIsCaughtAtAPoll() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualClock reference = new ManualClock(START_MICROS);
        DriftingClock clock = new DriftingClock(reference, 0, 2_000); // ten times the assumed 200 µs/s
        TimeMasterTrueTime tt = new TimeMasterTrueTime(clock,
                new TimeMaster("us-east", reference, 0, new SplittableRandom(5)), CONFIG, TrueTimeMetrics.of(registry));
        for (int step = 0; step < 40; step++) {
            reference.advanceMicros(1_000_000);
            tt.now();
        }
        assertEquals(1.0, registry.get(TrueTimeMetrics.SYNC_FAULTS).counter().count());
    }

    @Test
    void issuedTimestampsAreAtLeastLatestAndIncreasing() {
        ManualClock reference = new ManualClock(START_MICROS);
        TimeMasterTrueTime tt = new TimeMasterTrueTime(new DriftingClock(reference, 0, 100),
                new TimeMaster("us-east", reference, 1_000, new SplittableRandom(9)), CONFIG);
        Timestamp previous = Timestamp.MIN;
        for (int i = 0; i < 10_000; i++) {
            reference.advanceMicros(i % 3 * 7_000); // crosses polls, where latest may step back
            long latest = tt.now().latestMicros();
            Timestamp issued = tt.nextTimestamp();
            assertTrue(issued.physicalMicros() >= latest && issued.isAfter(previous));
            previous = issued;
        }
        Timestamp peer = new Timestamp(previous.physicalMicros() + 3_000, 4);
        tt.observe(peer);
        assertTrue(tt.nextTimestamp().isAfter(peer));
    }

    @Test
    void blockingCommitWaitLastsAboutTwoEpsilonAndIsTimed() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualClock reference = new ManualClock(START_MICROS);
        TimeMasterTrueTime tt = new TimeMasterTrueTime(new DriftingClock(reference, 0, 0),
                new TimeMaster("us-east", reference, 1_000, new SplittableRandom(9)), CONFIG, TrueTimeMetrics.of(registry));
        reference.advanceMicros(15_000_000); // mid-sawtooth: ε about 4 ms
        long epsilon = tt.now().epsilonMicros();
        Timestamp s = tt.nextTimestamp();
        long startMicros = reference.nowMicros();
        tt.waitUntilAfter(s);
        long waitedMicros = reference.nowMicros() - startMicros;
        assertTrue(tt.after(s) && reference.nowMicros() > s.physicalMicros(), "honest: after(s) means true time passed s");
        assertTrue(waitedMicros >= 2 * epsilon && waitedMicros <= 2 * epsilon + 10, "waited " + waitedMicros + " for ε " + epsilon);
        assertEquals(1, registry.get(TrueTimeMetrics.COMMIT_WAIT).tag("mode", "blocking").timer().count());
        assertEquals(epsilon, registry.get(TrueTimeMetrics.EPSILON).gauge().value(), 5.0);
    }

    @Test
    void meanEpsilonOfTheDefaultSawtoothIsAboutFourMilliseconds() {
        double mean = CONFIG.meanEpsilonMicros(TimeMaster.UNCERTAINTY_MICROS_DEFAULT);
        assertTrue(mean > 4_000 && mean < 4_005, "ε̄ " + mean);
    }
}

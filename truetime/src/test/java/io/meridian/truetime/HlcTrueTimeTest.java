package io.meridian.truetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HlcTrueTimeTest {
    private static final long START_MICROS = 1_700_000_000_000_000L;

    @Test
    void intervalIsClockPlusMinusMaxOffset() {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime tt = new HlcTrueTime(clock, 500);
        assertEquals(new TimeInterval(999_500, 1_000_500), tt.now());
    }

    @Test
    void issuedTimestampsStrictlyIncreaseWhenClockStands() {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime tt = new HlcTrueTime(clock, 500);
        Timestamp a = tt.nextTimestamp();
        Timestamp b = tt.nextTimestamp();
        assertTrue(b.isAfter(a));
        assertEquals(1_000_500, a.physicalMicros());
    }

    @Test
    void commitWaitEndsOnlyAfterTimestampHasPassed() throws InterruptedException {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime tt = new HlcTrueTime(clock, 500);
        Timestamp s = tt.nextTimestamp();
        assertFalse(tt.after(s));
        tt.waitUntilAfter(s);
        assertTrue(tt.after(s));
        assertTrue(clock.nowMicros() - 1_000_000 >= 1_000, "waited about 2 * maxOffset");
    }

    @Test
    void observedPeerTimestampRaisesFloor() {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime tt = new HlcTrueTime(clock, 500);
        Timestamp peer = new Timestamp(1_001_000, 7);
        tt.observe(peer);
        assertTrue(tt.nextTimestamp().isAfter(peer));
    }

    @Test
    void clockSteppedBackDoesNotMoveIntervalBack() {
        ManualClock clock = new ManualClock(1_000_000);
        HlcTrueTime tt = new HlcTrueTime(clock, 500);
        tt.now();
        clock.setMicros(900_000);
        assertEquals(999_500, tt.now().earliestMicros());
    }

    @Test
    void timestampEncodingSortsLikeTimestamps() {
        Timestamp[] ordered = {new Timestamp(0, 0), new Timestamp(0, 1), new Timestamp(1, 0), new Timestamp(255, 3),
            new Timestamp(256, 0), new Timestamp(Long.MAX_VALUE, 0)};
        for (int i = 1; i < ordered.length; i++) {
            assertTrue(java.util.Arrays.compareUnsigned(ordered[i - 1].encode(), ordered[i].encode()) < 0);
            assertEquals(ordered[i], Timestamp.decode(ordered[i].encode(), 0));
        }
    }

    @Test
    void monotonicUnderRandomClockStepsBothWays() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            ManualClock clock = new ManualClock(START_MICROS);
            HlcTrueTime tt = new HlcTrueTime(clock, 2_000);
            TimeInterval previousInterval = tt.now();
            Timestamp previousIssued = Timestamp.MIN;
            for (int step = 0; step < 5_000; step++) {
                clock.advanceMicros(random.nextInt(10) == 0 ? -random.nextLong(50_000) : random.nextLong(200));
                TimeInterval interval = tt.now();
                Timestamp issued = tt.nextTimestamp();
                assertTrue(interval.earliestMicros() >= previousInterval.earliestMicros(), "seed=" + seed + " now() went back");
                assertTrue(issued.isAfter(previousIssued), "seed=" + seed + " issued " + issued + " after " + previousIssued);
                assertTrue(issued.physicalMicros() >= interval.latestMicros(), "seed=" + seed + " issued below latest");
                previousInterval = interval;
                previousIssued = issued;
            }
        }
    }

    @Test
    void issuesAboveEverythingIssuedBeforeRestartEvenWithClockSteppedBack(@TempDir Path directory) {
        Path file = directory.resolve("clock.hwm");
        ManualClock clock = new ManualClock(START_MICROS);
        HlcTrueTime beforeCrash = new HlcTrueTime(clock, 1_000, new FileHighWaterMark(file), TrueTimeMetrics.none());
        Timestamp lastBeforeCrash = Timestamp.MIN;
        for (int i = 0; i < 1_000; i++) {
            clock.advanceMicros(i % 7);
            lastBeforeCrash = beforeCrash.nextTimestamp();
        }
        clock.advanceMicros(-10_000_000); // the node comes back with its clock 10 s behind

        HlcTrueTime afterRestart = new HlcTrueTime(clock, 1_000, new FileHighWaterMark(file), TrueTimeMetrics.none());
        Timestamp first = afterRestart.nextTimestamp();
        assertTrue(first.isAfter(lastBeforeCrash), first + " must be after " + lastBeforeCrash);
        assertTrue(afterRestart.nextTimestamp().isAfter(first));
    }

    @Test
    void persistsTheHighWaterMarkOncePerWindowOfClockProgress() {
        List<Long> stored = new ArrayList<>();
        HighWaterMark memory = HighWaterMark.inMemory();
        HighWaterMark counting = new HighWaterMark() {
            @Override
            public long loadMicros() {
                return memory.loadMicros();
            }

            @Override
            public void storeMicros(long boundMicros) {
                stored.add(boundMicros);
                memory.storeMicros(boundMicros);
            }
        };
        ManualClock clock = new ManualClock(START_MICROS);
        HlcTrueTime tt = new HlcTrueTime(clock, 1_000, counting, 1_000_000, TrueTimeMetrics.none());
        for (int i = 0; i < 10_000; i++) {
            clock.advanceMicros(1_000); // 10 s of clock in 1 ms steps
            Timestamp issued = tt.nextTimestamp();
            assertTrue(issued.physicalMicros() < stored.get(stored.size() - 1), "issued at or above the persisted bound");
        }
        // Pushed half a window early each time: two syncs per window, none of them a stall.
        assertTrue(stored.size() >= 19 && stored.size() <= 21, "stores: " + stored.size());
    }

    /** The sync of the high-water mark once stalled every commit of a node behind the issue lock. */
    @Test
    void othersKeepIssuingWhileOneCallerPushesTheMarkFurther() throws Exception {
        java.util.concurrent.CountDownLatch storing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean slowDisk = new java.util.concurrent.atomic.AtomicBoolean();
        HighWaterMark memory = HighWaterMark.inMemory();
        HighWaterMark slow = new HighWaterMark() {
            @Override
            public long loadMicros() {
                return memory.loadMicros();
            }

            @Override
            public void storeMicros(long boundMicros) {
                if (slowDisk.get()) {
                    storing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                memory.storeMicros(boundMicros);
            }
        };
        ManualClock clock = new ManualClock(START_MICROS);
        HlcTrueTime tt = new HlcTrueTime(clock, 1_000, slow, 1_000_000, TrueTimeMetrics.none());
        tt.nextTimestamp(); // first mark: START + 1 ms + 1 s
        slowDisk.set(true);
        clock.advanceMicros(600_000); // past the middle of the margin: the next caller refreshes
        Thread refresher = new Thread(tt::nextTimestamp);
        refresher.start();
        assertTrue(storing.await(10, TimeUnit.SECONDS));
        Timestamp previous = Timestamp.MIN;
        for (int i = 0; i < 100; i++) {
            clock.advanceMicros(1_000);
            Timestamp issued = tt.nextTimestamp(); // would hang here if issuing waited for the sync
            assertTrue(issued.isAfter(previous));
            assertTrue(issued.physicalMicros() < memory.loadMicros(), "issued at or above the durable mark");
            previous = issued;
        }
        release.countDown();
        refresher.join(10_000);
        assertFalse(refresher.isAlive());
        assertTrue(memory.loadMicros() >= START_MICROS + 1_600_000, "mark pushed: " + memory.loadMicros());
    }

    @Test
    void causalityHoldsAcrossMessageExchangeBetweenSkewedNodes() {
        long maxOffsetMicros = 5_000;
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            ManualClock reference = new ManualClock(START_MICROS);
            int nodeCount = 5;
            HlcTrueTime[] nodes = new HlcTrueTime[nodeCount];
            Timestamp[] causalMax = new Timestamp[nodeCount]; // greatest timestamp that happened-before the node's next event
            for (int n = 0; n < nodeCount; n++) {
                nodes[n] = new HlcTrueTime(DriftingClock.random(reference, random.split(), maxOffsetMicros, 0), maxOffsetMicros);
                causalMax[n] = Timestamp.MIN;
            }
            for (int step = 0; step < 5_000; step++) {
                reference.advanceMicros(random.nextLong(300));
                int sender = random.nextInt(nodeCount);
                int receiver = random.nextInt(nodeCount);
                Timestamp sent = nodes[sender].nextTimestamp();
                assertTrue(sent.isAfter(causalMax[sender]), "seed=" + seed + " local order broken on node " + sender);
                causalMax[sender] = sent;
                nodes[receiver].observe(sent);
                causalMax[receiver] = Timestamp.max(causalMax[receiver], sent);
                Timestamp reply = nodes[receiver].nextTimestamp();
                assertTrue(reply.isAfter(causalMax[receiver]), "seed=" + seed + " receive did not advance node " + receiver);
                causalMax[receiver] = reply;
            }
        }
    }

    @Test
    void acceptsPeersAtOppositeExtremesOfTheBound() {
        ManualClock reference = new ManualClock(START_MICROS);
        HlcTrueTime ahead = new HlcTrueTime(new DriftingClock(reference, 1_000, 0), 1_000);
        HlcTrueTime behind = new HlcTrueTime(new DriftingClock(reference, -1_000, 0), 1_000);
        Timestamp fromAhead = ahead.nextTimestamp();
        behind.observe(fromAhead);
        assertTrue(behind.nextTimestamp().isAfter(fromAhead));
    }

    @Test
    void refusesPeerTimestampBeyondTheOffsetBoundWithCounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualClock reference = new ManualClock(START_MICROS);
        DriftingClock skewed = new DriftingClock(reference, 0, 0);
        HlcTrueTime peer = new HlcTrueTime(skewed, 1_000);
        HlcTrueTime local = new HlcTrueTime(new DriftingClock(reference, 0, 0), 1_000,
                HighWaterMark.inMemory(), TrueTimeMetrics.of(registry, "node", "n1"));
        skewed.skew(3_500); // 3.5 * maxOffset ahead: beyond what two honest clocks can disagree by
        Timestamp tooFar = peer.nextTimestamp();
        Timestamp floorBefore = local.nextTimestamp();

        ClockOffsetException refused = assertThrows(ClockOffsetException.class, () -> local.observe(tooFar));

        assertEquals(tooFar, refused.received());
        assertEquals(2_000, refused.aheadMicrosMax());
        assertEquals(1.0, registry.get(TrueTimeMetrics.OFFSET_REJECTIONS).tag("node", "n1").counter().count());
        Timestamp next = local.nextTimestamp();
        assertTrue(next.isAfter(floorBefore));
        assertTrue(next.isBefore(tooFar), "a refused timestamp must not drag the clock forward");
    }

    @Test
    void durableFloorIsRaisedWithoutAnOffsetCheck() {
        ManualClock clock = new ManualClock(START_MICROS);
        HlcTrueTime tt = new HlcTrueTime(clock, 1_000);
        Timestamp newestBeforeRestart = Timestamp.ofMicros(START_MICROS + 60_000_000); // the clock came back a minute behind
        tt.raiseFloor(newestBeforeRestart);
        assertTrue(tt.nextTimestamp().isAfter(newestBeforeRestart));
        assertThrows(ClockOffsetException.class, () -> tt.observe(newestBeforeRestart.next()), "a peer that far ahead is refused");
    }

    @Test
    void reportsEpsilonAndBlockingCommitWaits() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualClock clock = new ManualClock(START_MICROS);
        HlcTrueTime tt = new HlcTrueTime(clock, 750, HighWaterMark.inMemory(), TrueTimeMetrics.of(registry));
        tt.waitUntilAfter(tt.nextTimestamp());
        assertEquals(750.0, registry.get(TrueTimeMetrics.EPSILON).tag("source", "hlc").gauge().value());
        var timer = registry.get(TrueTimeMetrics.COMMIT_WAIT).tag("mode", "blocking").timer();
        assertEquals(1, timer.count());
        assertEquals(1_501, timer.totalTime(TimeUnit.MICROSECONDS), 1.0);
    }
}

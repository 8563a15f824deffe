package io.meridian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The leader/follower batching of synced writes, with a fake writer that can block and fail. */
class GroupCommitLogTest {
    private static final long WAIT_NANOS_MAX = TimeUnit.SECONDS.toNanos(20);

    /** Blocks the first group until released; records every group's size; fails groups on demand. */
    private static final class FakeWriter implements GroupCommitLog.GroupWriter {
        final CountDownLatch firstGroupEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
        volatile boolean fail;

        @Override
        public void writeSynced(List<GroupCommitLog.Request> group) {
            groupSizes.add(group.size());
            firstGroupEntered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (fail) {
                throw new StorageException("disk on fire");
            }
        }
    }

    private static GroupCommitLog.Request request(int i) {
        return new GroupCommitLog.Request(List.of(new GroupCommitLog.LogWrite(0, new byte[] {(byte) i}, new byte[8])));
    }

    private static List<Thread> startCommitters(GroupCommitLog log, int count, AtomicInteger failures) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                try {
                    log.commit(request(id));
                } catch (StorageException e) {
                    failures.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT_NANOS_MAX;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS_MAX));
            assertTrue(!t.isAlive(), "a committer never returned");
        }
    }

    @Test
    void callersQueuedDuringOneSyncShareTheNext() throws Exception {
        FakeWriter writer = new FakeWriter();
        GroupCommitLog log = new GroupCommitLog(writer, 1024);
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(startCommitters(log, 1, failures));
        writer.firstGroupEntered.await();
        threads.addAll(startCommitters(log, 30, failures));
        awaitCondition(() -> log.queuedRequests() == 30, "30 queued requests");
        writer.release.countDown();
        joinAll(threads);
        assertEquals(List.of(1, 30), writer.groupSizes);
        assertEquals(new GroupCommitLog.Stats(31, 2), log.stats());
        assertEquals(0, failures.get());
    }

    @Test
    void aFullQueuePushesBackOnCallers() throws Exception {
        FakeWriter writer = new FakeWriter();
        GroupCommitLog log = new GroupCommitLog(writer, 4);
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(startCommitters(log, 1, failures));
        writer.firstGroupEntered.await();
        List<Thread> followers = startCommitters(log, 12, failures);
        threads.addAll(followers);
        awaitCondition(() -> log.queuedRequests() == 4, "a full queue");
        awaitCondition(() -> followers.stream().allMatch(t -> t.getState() == Thread.State.WAITING), "every caller blocked");
        assertEquals(4, log.queuedRequests(), "the queue never grows past its bound");
        writer.release.countDown();
        joinAll(threads);
        assertEquals(13, writer.groupSizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(writer.groupSizes.stream().allMatch(size -> size <= 4), "groups " + writer.groupSizes);
    }

    @Test
    void aFailedSyncFailsEveryCallerInItsGroup() throws Exception {
        FakeWriter writer = new FakeWriter();
        writer.fail = true;
        GroupCommitLog log = new GroupCommitLog(writer, 1024);
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(startCommitters(log, 1, failures));
        writer.firstGroupEntered.await();
        threads.addAll(startCommitters(log, 9, failures));
        awaitCondition(() -> log.queuedRequests() == 9, "9 queued requests");
        writer.release.countDown();
        joinAll(threads);
        assertEquals(10, failures.get());
    }
}

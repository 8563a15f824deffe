package io.meridian.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for synced writes: callers queue their writes, and whichever caller finds no write
 * in flight becomes the leader, takes everything queued (up to a bound) and makes it durable with
 * one sync; the others wait, and return when a leader has written theirs. While one sync runs the
 * next group gathers, so with many callers each sync carries many writes. A finished leader wakes
 * exactly the callers it wrote for and hands leadership to the oldest waiting caller, so no
 * thread wakes only to find its write still pending.
 *
 * <p>The queue is bounded: a caller that finds it full waits for room, which pushes back on the
 * writers instead of growing. Requests are written in queue order, so two writes to one key from
 * callers ordered by happens-before land in that order.
 */
final class GroupCommitLog {
    static final int QUEUE_REQUESTS_MAX = 4096;
    static final int BATCH_REQUESTS_MAX = 512;
    static final long BATCH_BYTES_MAX = 8L * 1024 * 1024;

    /** Makes a group of requests durable, all or none, before returning. */
    interface GroupWriter {
        void writeSynced(List<Request> group);
    }

    /** One caller's writes; {@code bytes} counts toward the batch bound. */
    static final class Request {
        final List<LogWrite> writes;
        final long bytes;
        private boolean done;
        private boolean leads;
        private RuntimeException failure;
        private Condition woken;

        Request(List<LogWrite> writes) {
            this.writes = writes;
            long total = 0;
            for (LogWrite write : writes) {
                total += write.key().length + (write.value() == null ? 0 : write.value().length);
            }
            this.bytes = total;
        }
    }

    /** A put (value non-null) or delete in one column family. */
    record LogWrite(int familyIndex, byte[] key, byte[] value) {
    }

    /** How many requests went through, in how many synced writes: the group commit factor. */
    record Stats(long requests, long syncedWrites) {
    }

    private final GroupWriter writer;
    private final int queueRequestsMax;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomFreed = lock.newCondition();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    /** A caller is leading: writing a group, or woken to write the next one. */
    private boolean leaderActive;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong syncedWrites = new AtomicLong();

    GroupCommitLog(GroupWriter writer, int queueRequestsMax) {
        this.writer = writer;
        this.queueRequestsMax = queueRequestsMax;
    }

    /** Returns once the request is durable; throws what the write of its group threw. */
    void commit(Request request) {
        lock.lock();
        try {
            while (queue.size() >= queueRequestsMax) {
                roomFreed.awaitUninterruptibly();
            }
            request.woken = lock.newCondition();
            queue.addLast(request);
            if (!leaderActive) {
                leaderActive = true;
                request.leads = true;
            }
            while (!request.done) {
                if (request.leads) {
                    request.leads = false;
                    lead();
                } else {
                    request.woken.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        if (request.failure != null) {
            throw new StorageException(request.failure.getMessage(), request.failure);
        }
    }

    /** Called with the lock held and leadership taken; releases the lock for the write itself. */
    private void lead() {
        List<Request> group = takeGroup();
        roomFreed.signalAll();
        lock.unlock();
        RuntimeException failure = null;
        try {
            writer.writeSynced(group);
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            // Waiters must not hang on a leader that died; they fail with the cause.
            failure = new StorageException("group commit failed: " + e, e);
        } finally {
            lock.lock();
        }
        for (Request request : group) {
            request.failure = failure;
            request.done = true;
            request.woken.signal();
        }
        requests.addAndGet(group.size());
        syncedWrites.incrementAndGet();
        Request next = queue.peekFirst();
        if (next == null) {
            leaderActive = false;
        } else {
            next.leads = true;
            next.woken.signal();
        }
    }

    private List<Request> takeGroup() {
        List<Request> group = new ArrayList<>();
        long bytes = 0;
        while (!queue.isEmpty() && group.size() < BATCH_REQUESTS_MAX) {
            Request next = queue.peekFirst();
            if (!group.isEmpty() && bytes + next.bytes > BATCH_BYTES_MAX) {
                break;
            }
            group.add(queue.pollFirst());
            bytes += next.bytes;
        }
        return group;
    }

    /** Requests waiting for a leader (not the group being written). */
    int queuedRequests() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    Stats stats() {
        return new Stats(requests.get(), syncedWrites.get());
    }
}

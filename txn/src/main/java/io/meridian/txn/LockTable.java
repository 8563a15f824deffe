package io.meridian.txn;

import io.meridian.truetime.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Two-phase locks on key ranges at a tablet leader, with wound-wait: a requester older than a
 * conflicting holder wounds it (the holder aborts and its locks go at once); a younger requester
 * waits. Waits only ever point from younger to older, so there are no deadlocks; a wait bound
 * turns anything unexpected into an abort instead of a hang.
 */
final class LockTable {
    /**
     * Point locks (one key's: endKey = successor(startKey)) by key, each key's locks chained
     * from the one in the map. Most locks are points, and a transaction that writes many rows
     * holds one per row: finding a key's locks must not mean reading every lock held (a
     * 40,000-row transaction took a minute that way). Each transaction lists its own locks
     * ({@link Transaction#locks}), so a release finds them without searching.
     */
    private final TreeMap<byte[], Lock> points = new TreeMap<>(Arrays::compareUnsigned);
    /** Range locks (scans'): fewer, and any of them may overlap any key. */
    private final List<Lock> ranges = new ArrayList<>();
    private int size;
    private final Clock clock;
    private final long waitMicrosMax;
    private final int locksMax;

    /** A lock on [startKey, endKey); a point lock has endKey = successor(startKey). */
    static final class Lock {
        private final Transaction owner;
        private final byte[] startKey;
        private final byte[] endKey;
        private final LockMode mode;
        private final boolean point;
        /** The next lock on the same key (points only). */
        private Lock nextAtKey;

        private Lock(Transaction owner, byte[] startKey, byte[] endKey, LockMode mode, boolean point) {
            this.owner = owner;
            this.startKey = startKey;
            this.endKey = endKey;
            this.mode = mode;
            this.point = point;
        }

        Transaction owner() {
            return owner;
        }

        boolean conflictsWith(Transaction requester, byte[] start, byte[] end, LockMode requested) {
            if (owner == requester || (mode == LockMode.SHARED && requested == LockMode.SHARED)) {
                return false;
            }
            return Arrays.compareUnsigned(start, endKey) < 0 && Arrays.compareUnsigned(startKey, end) < 0;
        }

        boolean covers(Transaction requester, byte[] start, byte[] end, LockMode requested) {
            return owner == requester && (mode == LockMode.EXCLUSIVE || requested == LockMode.SHARED)
                    && Arrays.compareUnsigned(startKey, start) <= 0 && Arrays.compareUnsigned(end, endKey) <= 0;
        }
    }

    LockTable(Clock clock, long waitMillisMax, int locksMax) {
        this.clock = clock;
        this.waitMicrosMax = TimeUnit.MILLISECONDS.toMicros(waitMillisMax);
        this.locksMax = locksMax;
    }

    synchronized void acquire(Transaction txn, byte[] startKey, byte[] endKey, LockMode mode) throws TxnAbortedException {
        long deadline = Long.MIN_VALUE; // read the clock only when a wait begins: most acquires never wait
        while (true) {
            txn.throwIfAborted();
            // Plain loops, no streams: every read of every statement passes here under the lock.
            boolean point = isPoint(startKey, endKey);
            if (!point && Arrays.compareUnsigned(startKey, endKey) >= 0) {
                return; // an empty range holds no key: nothing to lock
            }
            List<Lock> conflicts = null;
            if (point) {
                for (Lock l = points.get(startKey); l != null; l = l.nextAtKey) {
                    if (l.covers(txn, startKey, endKey, mode)) {
                        return;
                    }
                    conflicts = addIfConflict(conflicts, l, txn, startKey, endKey, mode);
                }
            } else {
                // The points inside [startKey, endKey): a point on k overlaps it iff startKey <= k < endKey.
                for (Lock first : points.subMap(startKey, true, endKey, false).values()) {
                    for (Lock l = first; l != null; l = l.nextAtKey) {
                        conflicts = addIfConflict(conflicts, l, txn, startKey, endKey, mode);
                    }
                }
            }
            for (int i = 0; i < ranges.size(); i++) {
                Lock l = ranges.get(i);
                if (l.covers(txn, startKey, endKey, mode)) {
                    return;
                }
                conflicts = addIfConflict(conflicts, l, txn, startKey, endKey, mode);
            }
            if (conflicts == null) {
                if (size >= locksMax) {
                    throw new TxnAbortedException("lock table full (" + locksMax + " locks); retry");
                }
                add(new Lock(txn, startKey, endKey, mode, point));
                return;
            }
            boolean woundedAny = false;
            for (Lock l : conflicts) {
                if (txn.isOlderThan(l.owner()) && l.owner().wound()) {
                    releaseLocked(l.owner());
                    woundedAny = true;
                }
            }
            if (woundedAny) {
                continue;
            }
            long now = clock.nowMicros();
            deadline = deadline == Long.MIN_VALUE ? now + waitMicrosMax : deadline;
            long remaining = deadline - now;
            if (remaining <= 0) {
                throw new TxnAbortedException("lock wait exceeded " + TimeUnit.MICROSECONDS.toMillis(waitMicrosMax) + " ms");
            }
            try {
                TimeUnit.MICROSECONDS.timedWait(this, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TxnAbortedException("interrupted while waiting for a lock");
            }
        }
    }

    synchronized void release(Transaction txn) {
        releaseLocked(txn);
    }

    private static List<Lock> addIfConflict(List<Lock> conflicts, Lock l, Transaction txn, byte[] startKey, byte[] endKey,
            LockMode mode) {
        if (!l.conflictsWith(txn, startKey, endKey, mode)) {
            return conflicts;
        }
        List<Lock> out = conflicts == null ? new ArrayList<>() : conflicts;
        out.add(l);
        return out;
    }

    /** endKey = startKey + 0x00, the successor: the lock holds the one key startKey. */
    private static boolean isPoint(byte[] startKey, byte[] endKey) {
        int n = startKey.length;
        return endKey.length == n + 1 && endKey[n] == 0 && Arrays.equals(startKey, 0, n, endKey, 0, n);
    }

    private void add(Lock lock) {
        if (lock.point) {
            Lock first = points.putIfAbsent(lock.startKey, lock);
            if (first != null) {
                lock.nextAtKey = first.nextAtKey;
                first.nextAtKey = lock;
            }
        } else {
            ranges.add(lock);
        }
        lock.owner.locks.add(lock);
        size++;
    }

    private void releaseLocked(Transaction txn) {
        List<Lock> mine = txn.locks;
        if (mine.isEmpty()) {
            return;
        }
        boolean anyRange = false;
        for (Lock l : mine) {
            if (l.point) {
                unlinkPoint(l);
            } else {
                anyRange = true;
            }
        }
        if (anyRange) {
            ranges.removeIf(l -> l.owner == txn);
        }
        size -= mine.size();
        mine.clear();
        notifyAll();
    }

    private void unlinkPoint(Lock lock) {
        Lock first = points.get(lock.startKey);
        if (first == null) {
            return;
        }
        if (first == lock) {
            if (lock.nextAtKey == null) {
                points.remove(lock.startKey);
            } else {
                points.put(lock.startKey, lock.nextAtKey);
            }
            return;
        }
        for (Lock l = first; l.nextAtKey != null; l = l.nextAtKey) {
            if (l.nextAtKey == lock) {
                l.nextAtKey = lock.nextAtKey;
                return;
            }
        }
    }

    synchronized int size() {
        return size;
    }
}

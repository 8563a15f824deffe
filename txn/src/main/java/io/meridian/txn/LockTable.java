package io.meridian.txn;

import io.meridian.truetime.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two-phase locks on key ranges at a tablet leader, with wound-wait: a requester older than a
 * conflicting holder wounds it (the holder aborts and its locks go at once); a younger requester
 * waits. Waits only ever point from younger to older, so there are no deadlocks; a wait bound
 * turns anything unexpected into an abort instead of a hang.
 */
final class LockTable {
    private final List<Lock> held = new ArrayList<>();
    private final Clock clock;
    private final long waitMicrosMax;
    private final int locksMax;

    /** A lock on [startKey, endKey); a point lock has endKey = successor(startKey). */
    private record Lock(Transaction owner, byte[] startKey, byte[] endKey, LockMode mode) {
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
            List<Lock> conflicts = null;
            for (Lock l : held) {
                if (l.covers(txn, startKey, endKey, mode)) {
                    return;
                }
                if (l.conflictsWith(txn, startKey, endKey, mode)) {
                    conflicts = conflicts == null ? new ArrayList<>() : conflicts;
                    conflicts.add(l);
                }
            }
            if (conflicts == null) {
                if (held.size() >= locksMax) {
                    throw new TxnAbortedException("lock table full (" + locksMax + " locks); retry");
                }
                held.add(new Lock(txn, startKey, endKey, mode));
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

    private void releaseLocked(Transaction txn) {
        boolean removed = false;
        for (Iterator<Lock> it = held.iterator(); it.hasNext(); ) {
            if (it.next().owner() == txn) {
                it.remove();
                removed = true;
            }
        }
        if (removed) {
            notifyAll();
        }
    }

    synchronized int size() {
        return held.size();
    }
}

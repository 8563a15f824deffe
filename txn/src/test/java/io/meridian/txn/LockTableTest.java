package io.meridian.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.storage.RocksStorage;
import io.meridian.truetime.SystemClock;
import io.meridian.truetime.TimeInterval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The indexed lock table against the plain definition of two-phase locking with wound-wait (one
 * list of locks, each request checked against every one): seeded random point and range
 * requests, shared and exclusive, by transactions of random age, with releases, must be granted,
 * refused or wound exactly alike. No waits: a request that would wait fails at once. An empty
 * range (start at or after its end) holds no key and is granted without a lock.
 */
class LockTableTest {
    private static final int SEEDS = 150;
    private static final int STEPS = 400;
    private static final int TXNS = 6;

    @Test
    void behavesLikeTheListOfLocksItIndexes() {
        for (int seed = 0; seed < SEEDS; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            LockTable real = new LockTable(SystemClock.INSTANCE, 0, 1_000);
            ModelTable model = new ModelTable(1_000);
            Transaction[] realTxns = new Transaction[TXNS];
            Transaction[] modelTxns = new Transaction[TXNS];
            for (int step = 0; step < STEPS; step++) {
                int t = random.nextInt(TXNS);
                if (realTxns[t] == null || !realTxns[t].isActive() || random.nextInt(25) == 0) {
                    if (realTxns[t] != null) {
                        real.release(realTxns[t]);
                        model.release(modelTxns[t]);
                    }
                    long age = random.nextInt(1_000);
                    realTxns[t] = new Transaction(step * 10L + t, new TimeInterval(age, age), null);
                    modelTxns[t] = new Transaction(step * 10L + t, new TimeInterval(age, age), null);
                }
                byte[] start = key(random.nextInt(12));
                byte[] end = random.nextInt(3) == 0 ? key(random.nextInt(13)) : RocksStorage.successor(start);
                LockMode mode = random.nextBoolean() ? LockMode.SHARED : LockMode.EXCLUSIVE;
                String expected = outcome(() -> model.acquire(modelTxns[t], start, end, mode));
                String actual = outcome(() -> real.acquire(realTxns[t], start, end, mode));
                String where = "seed " + seed + " step " + step + ": txn " + t + " " + mode + " " + Arrays.toString(start)
                        + ".." + Arrays.toString(end);
                assertEquals(expected, actual, where);
                assertEquals(model.size(), real.size(), where);
                for (int i = 0; i < TXNS; i++) {
                    if (realTxns[i] != null) {
                        assertEquals(modelTxns[i].isActive(), realTxns[i].isActive(), where + ": txn " + i + " state");
                    }
                }
            }
        }
    }

    @Test
    void manyPointLocksOfOneTransactionAreFoundByKey() throws TxnAbortedException {
        LockTable table = new LockTable(SystemClock.INSTANCE, 0, 1_000_000);
        Transaction writer = new Transaction(1, new TimeInterval(1, 1), null);
        Transaction reader = new Transaction(2, new TimeInterval(2, 2), null);
        for (int i = 0; i < 50_000; i++) {
            byte[] k = key(i);
            table.acquire(writer, k, RocksStorage.successor(k), LockMode.EXCLUSIVE);
        }
        assertEquals(50_000, table.size());
        byte[] free = key(60_000);
        table.acquire(reader, free, RocksStorage.successor(free), LockMode.SHARED);
        String refused = outcome(() -> table.acquire(reader, key(10), key(20), LockMode.SHARED));
        assertTrue(refused.contains("lock wait exceeded"), refused);
        table.release(writer);
        assertEquals(1, table.size());
        table.acquire(reader, key(10), key(20), LockMode.SHARED);
    }

    private interface Acquire {
        void run() throws TxnAbortedException;
    }

    private static String outcome(Acquire acquire) {
        try {
            acquire.run();
            return "granted";
        } catch (TxnAbortedException e) {
            return e.getMessage().replaceAll("transaction \\d+", "transaction");
        }
    }

    private static byte[] key(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    /** Two-phase locking with wound-wait by its definition: every lock in one list. */
    private static final class ModelTable {
        private record Lock(Transaction owner, byte[] start, byte[] end, LockMode mode) {
        }

        private final List<Lock> held = new ArrayList<>();
        private final int locksMax;

        ModelTable(int locksMax) {
            this.locksMax = locksMax;
        }

        void acquire(Transaction txn, byte[] start, byte[] end, LockMode mode) throws TxnAbortedException {
            while (true) {
                txn.throwIfAborted();
                if (Arrays.compareUnsigned(start, end) >= 0) {
                    return; // an empty range holds no key
                }
                List<Lock> conflicts = new ArrayList<>();
                for (Lock l : held) {
                    boolean mine = l.owner() == txn;
                    if (mine && (l.mode() == LockMode.EXCLUSIVE || mode == LockMode.SHARED)
                            && Arrays.compareUnsigned(l.start(), start) <= 0 && Arrays.compareUnsigned(end, l.end()) <= 0) {
                        return;
                    }
                    boolean bothShared = l.mode() == LockMode.SHARED && mode == LockMode.SHARED;
                    if (!mine && !bothShared && Arrays.compareUnsigned(start, l.end()) < 0
                            && Arrays.compareUnsigned(l.start(), end) < 0) {
                        conflicts.add(l);
                    }
                }
                if (conflicts.isEmpty()) {
                    if (held.size() >= locksMax) {
                        throw new TxnAbortedException("lock table full (" + locksMax + " locks); retry");
                    }
                    held.add(new Lock(txn, start, end, mode));
                    return;
                }
                boolean woundedAny = false;
                for (Lock l : conflicts) {
                    if (txn.isOlderThan(l.owner()) && l.owner().wound()) {
                        release(l.owner());
                        woundedAny = true;
                    }
                }
                if (!woundedAny) {
                    throw new TxnAbortedException("lock wait exceeded 0 ms");
                }
            }
        }

        void release(Transaction txn) {
            for (Iterator<Lock> it = held.iterator(); it.hasNext(); ) {
                if (it.next().owner() == txn) {
                    it.remove();
                }
            }
        }

        int size() {
            return held.size();
        }
    }
}

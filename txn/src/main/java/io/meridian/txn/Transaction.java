package io.meridian.txn;

import io.meridian.paxos.driver.NotLeaderException;
import io.meridian.paxos.driver.ProposalDroppedException;
import io.meridian.paxos.driver.ReplicaBusyException;
import io.meridian.range.KeyRange;
import io.meridian.range.KeyValueFold;
import io.meridian.range.Tablet;
import io.meridian.range.TabletCommand;
import io.meridian.range.TabletUnavailableException;
import io.meridian.storage.KeyValue;
import io.meridian.storage.Mutation;
import io.meridian.storage.RocksStorage;
import io.meridian.truetime.TimeInterval;
import io.meridian.truetime.Timestamp;
import io.meridian.truetime.TrueTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A read-write transaction (Spanner's protocol on one tablet): reads take shared locks at the
 * leader and see the latest committed data; writes take exclusive locks and are buffered; commit
 * picks s >= TT.now().latest, replicates the writes through Paxos, waits until TT.after(s), and
 * only then releases the locks. Not thread-safe: one session drives it.
 */
public final class Transaction {
    private static final byte[] TOMBSTONE = new byte[0];

    enum State { ACTIVE, COMMITTING, COMMITTED, ABORTED }

    private final long id;
    private final Timestamp priority;
    private final TransactionManager manager;
    /** The locks this transaction holds; kept by the lock table, under its monitor. */
    final List<LockTable.Lock> locks = new ArrayList<>(2);
    private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);
    private State state = State.ACTIVE;
    private String abortReason;
    private Timestamp commitTimestamp;
    /** The tablets this transaction read from, by id: a read-only commit confirms each one's leader. */
    private final List<Tablet> readTablets = new ArrayList<>(1);
    /** Ids of {@link #readTablets}, kept once more than a few were read. */
    private java.util.Set<Long> readTabletIds;
    /**
     * TrueTime earliest when the transaction began, so before its first read: a leader lease held
     * without a break since then vouches for every read.
     */
    private final Timestamp readsBegan;

    /** {@code began}: TrueTime when it began; its latest is the wound-wait priority (ties: the lower id). */
    Transaction(long id, TimeInterval began, TransactionManager manager) {
        this.id = id;
        this.priority = Timestamp.ofMicros(began.latestMicros());
        this.readsBegan = Timestamp.ofMicros(began.earliestMicros());
        this.manager = manager;
    }

    public long id() {
        return id;
    }

    /** Set once committed: the timestamp every write of this transaction carries. */
    public Timestamp commitTimestamp() {
        return commitTimestamp;
    }

    public boolean isActive() {
        return state == State.ACTIVE;
    }

    boolean isOlderThan(Transaction other) {
        int c = priority.compareTo(other.priority);
        return c < 0 || (c == 0 && id < other.id);
    }

    /** Called by an older transaction that needs our locks; false once we are committing. */
    synchronized boolean wound() {
        if (state != State.ACTIVE) {
            return state == State.ABORTED;
        }
        state = State.ABORTED;
        abortReason = "wounded by an older transaction";
        return true;
    }

    synchronized void throwIfAborted() throws TxnAbortedException {
        if (state == State.ABORTED) {
            throw new TxnAbortedException("transaction " + id + " aborted: " + abortReason);
        }
        if (state != State.ACTIVE) {
            throw new IllegalStateException("transaction " + id + " is " + state);
        }
    }

    public Optional<byte[]> get(byte[] key) throws TxnAbortedException, TxnUnavailableException {
        throwIfAborted();
        byte[] own = writes.isEmpty() ? null : writes.get(key);
        if (own != null) {
            return own == TOMBSTONE ? Optional.empty() : Optional.of(own);
        }
        manager.locks().acquire(this, key, RocksStorage.successor(key), LockMode.SHARED);
        try {
            return noteRead(manager.directory().tabletFor(key)).read(key, Timestamp.MAX).map(KeyValue::value);
        } catch (TabletUnavailableException e) {
            throw new TxnUnavailableException(e.getMessage(), false, e);
        }
    }

    /**
     * The rows in [startKey, endKey) in key order, this transaction's own writes included. The
     * whole range is locked shared first, so no other transaction can insert into it (no phantoms).
     */
    public Iterator<Map.Entry<byte[], byte[]>> scan(byte[] startKey, byte[] endKey)
            throws TxnAbortedException, TxnUnavailableException {
        throwIfAborted();
        manager.locks().acquire(this, startKey, endKey, LockMode.SHARED);
        return new MergingScan(startKey, endKey, Long.MAX_VALUE, false, false);
    }

    /**
     * The first {@code rowsMax} rows in [startKey, endKey) in key order, own writes included,
     * locking as it reads: each page is located without a lock, then the range up to its last key
     * is locked shared and read again. So the transaction holds the range from startKey up to the
     * last row it returned (or to endKey once it read everything) and no further, and no other
     * transaction can insert into what it read (no phantoms there).
     */
    public Iterator<Map.Entry<byte[], byte[]>> scan(byte[] startKey, byte[] endKey, long rowsMax)
            throws TxnAbortedException {
        throwIfAborted();
        if (rowsMax <= 0) {
            return java.util.Collections.emptyIterator();
        }
        return new MergingScan(startKey, endKey, rowsMax, true, false);
    }

    /**
     * The rows in [startKey, endKey) in descending key order, own writes included; the whole range
     * is locked shared first, as by {@link #scan(byte[], byte[])}. endKey must be a bound (not empty).
     */
    public Iterator<Map.Entry<byte[], byte[]>> scanReverse(byte[] startKey, byte[] endKey)
            throws TxnAbortedException {
        throwIfAborted();
        checkReverseEnd(endKey);
        manager.locks().acquire(this, startKey, endKey, LockMode.SHARED);
        return new MergingScan(startKey, endKey, Long.MAX_VALUE, false, true);
    }

    /**
     * The last {@code rowsMax} rows in [startKey, endKey) in descending key order, own writes
     * included, locking as it reads like {@link #scan(byte[], byte[], long)} but from the end: the
     * transaction holds the range from the last row it returned (the lowest) up to endKey, or all of
     * [startKey, endKey) once it read everything, and no further. endKey must be a bound (not empty).
     */
    public Iterator<Map.Entry<byte[], byte[]>> scanReverse(byte[] startKey, byte[] endKey, long rowsMax)
            throws TxnAbortedException {
        throwIfAborted();
        checkReverseEnd(endKey);
        if (rowsMax <= 0) {
            return java.util.Collections.emptyIterator();
        }
        return new MergingScan(startKey, endKey, rowsMax, true, true);
    }

    private static void checkReverseEnd(byte[] endKey) {
        if (endKey.length == 0) {
            throw new IllegalArgumentException("a reverse scan needs a bounded end key");
        }
    }

    /**
     * Locks [startKey, endKey) shared and feeds its rows, in key order, to {@code fold}. Each
     * tablet covering the range runs the fold next to its data; when this transaction has buffered
     * writes in the range, the rows are merged with them here instead, so the fold sees them.
     */
    public void fold(byte[] startKey, byte[] endKey, KeyValueFold fold) throws TxnAbortedException, TxnUnavailableException {
        throwIfAborted();
        manager.locks().acquire(this, startKey, endKey, LockMode.SHARED);
        if (!writes.subMap(startKey, true, endKey, false).isEmpty()) {
            MergingScan rows = new MergingScan(startKey, endKey, Long.MAX_VALUE, false, false);
            while (rows.hasNext()) {
                Map.Entry<byte[], byte[]> row = rows.next();
                fold.accept(row.getKey(), row.getValue());
            }
            return;
        }
        try {
            for (KeyRange piece : tabletRangesCovering(startKey, endKey)) {
                throwIfAborted();
                Tablet tablet = noteRead(manager.directory().tabletFor(piece.startKey()));
                tablet.fold(piece.startKey(), piece.endKey(), Timestamp.MAX, manager.scanPageRows(), fold);
            }
        } catch (TabletUnavailableException e) {
            throw new TxnUnavailableException(e.getMessage(), false, e);
        }
    }

    /**
     * The pieces of [startKey, endKey) each tablet covers, in key order (an empty end key: to the
     * end of the key space). A reader that scans piece by piece keeps reading every row when
     * tablets split, and locks exactly the requested range in total.
     */
    public List<KeyRange> tabletRangesCovering(byte[] startKey, byte[] endKey) {
        List<KeyRange> out = new ArrayList<>();
        for (Tablet tablet : manager.directory().tabletsOverlapping(startKey, endKey)) {
            KeyRange covered = tablet.range();
            byte[] start = Arrays.compareUnsigned(covered.startKey(), startKey) > 0 ? covered.startKey() : startKey;
            boolean tabletEndsFirst = covered.endKey().length > 0
                    && (endKey.length == 0 || Arrays.compareUnsigned(covered.endKey(), endKey) < 0);
            out.add(new KeyRange(start, tabletEndsFirst ? covered.endKey() : endKey));
        }
        return out;
    }

    public void put(byte[] key, byte[] value) throws TxnAbortedException {
        lockForWrite(key);
        writes.put(key, value);
    }

    public void delete(byte[] key) throws TxnAbortedException {
        lockForWrite(key);
        writes.put(key, TOMBSTONE);
    }

    private void lockForWrite(byte[] key) throws TxnAbortedException {
        throwIfAborted();
        if (writes.size() >= manager.writesPerTxnMax() && !writes.containsKey(key)) {
            throw new TxnAbortedException("transaction writes more than " + manager.writesPerTxnMax() + " keys");
        }
        manager.locks().acquire(this, key, RocksStorage.successor(key), LockMode.EXCLUSIVE);
    }

    /** Commits; on return the writes are durable on a majority and visible to every later reader. */
    public void commit() throws TxnAbortedException, TxnUnavailableException {
        try {
            synchronized (this) {
                throwIfAborted();
                state = State.COMMITTING;
            }
            if (!writes.isEmpty()) {
                replicateAndWait();
            } else if (!readTablets.isEmpty()) {
                confirmReads();
            }
            state = State.COMMITTED;
        } finally {
            if (state != State.COMMITTED) {
                state = State.ABORTED;
            }
            manager.locks().release(this);
        }
    }

    /** Records a tablet about to serve a read (its leader is confirmed at a read-only commit). */
    private Tablet noteRead(Tablet tablet) {
        // Most transactions read one tablet or a few: a short list, a set only for many.
        long id = tablet.tabletId();
        if (readTabletIds != null) {
            if (readTabletIds.add(id)) {
                readTablets.add(tablet);
            }
            return tablet;
        }
        for (Tablet read : readTablets) {
            if (read.tabletId() == id) {
                return tablet;
            }
        }
        readTablets.add(tablet);
        if (readTablets.size() > 8) {
            readTabletIds = new java.util.HashSet<>();
            readTablets.forEach(t -> readTabletIds.add(t.tabletId()));
        }
        return tablet;
    }

    /**
     * A read-only commit: prove the leader that served the reads still led (a deposed leader must
     * not answer with stale data) before reporting success; a lease held since the reads began
     * proves it without a Paxos round.
     */
    private void confirmReads() throws TxnUnavailableException {
        try {
            for (Tablet tablet : readTablets) {
                awaitChosen(tablet.confirmLeadership(id, readsBegan), "confirming the reads of", false);
            }
        } catch (TabletUnavailableException e) {
            throw new TxnUnavailableException(e.getMessage(), false, e);
        }
    }

    /**
     * Waits for a proposal to be chosen and applied. For a commit ({@code writes}), a failure is
     * "outcome unknown" unless the proposal certainly never took effect: refused before it was
     * proposed, or replaced in its slot by another value.
     */
    private void awaitChosen(CompletableFuture<Long> proposal, String what, boolean writes)
            throws TxnUnavailableException {
        try {
            proposal.get(manager.commitMillisMax(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TxnUnavailableException(what + " transaction " + id + " did not finish in "
                    + manager.commitMillisMax() + " ms" + (writes ? "; its outcome is unknown" : ""), writes, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            boolean notCommitted = cause instanceof NotLeaderException || cause instanceof ReplicaBusyException
                    || cause instanceof ProposalDroppedException;
            boolean unknown = writes && !notCommitted;
            throw new TxnUnavailableException(what + " transaction " + id + " failed: " + cause.getMessage()
                    + (unknown ? "; its outcome is unknown" : "; nothing was written, retry"), unknown, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TxnUnavailableException("interrupted while " + what + " transaction " + id, writes, e);
        }
    }

    private void replicateAndWait() throws TxnUnavailableException {
        TrueTime trueTime = manager.trueTime();
        Tablet tablet = manager.directory().tabletFor(writes.firstKey());
        Invariants.check(tablet.range().contains(writes.lastKey()), "single-tablet commit spans tablets");
        List<Mutation> mutations = new ArrayList<>(writes.size());
        for (Map.Entry<byte[], byte[]> w : writes.entrySet()) {
            mutations.add(w.getValue() == TOMBSTONE ? Mutation.delete(w.getKey()) : Mutation.put(w.getKey(), w.getValue()));
        }
        try {
            // Above every commit the tablet already holds (even from before a restart), so a new
            // version always sorts as the newest.
            trueTime.raiseFloor(tablet.lastCommitTimestamp());
            commitTimestamp = trueTime.nextTimestamp();
            // The commit wait below overlaps replication: s was chosen before the Paxos round.
            awaitChosen(tablet.replicate(new TabletCommand(id, commitTimestamp, mutations)), "committing", true);
            trueTime.waitUntilAfter(commitTimestamp);
        } catch (TabletUnavailableException e) {
            throw new TxnUnavailableException(e.getMessage(), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TxnUnavailableException("interrupted during the commit wait of transaction " + id
                    + "; it is committed", true, e);
        }
    }

    public void rollback() {
        synchronized (this) {
            if (state == State.ACTIVE) {
                state = State.ABORTED;
                abortReason = "rolled back";
            }
        }
        writes.clear();
        manager.locks().release(this);
    }

    /** This transaction's buffered writes in [startKey, endKey), ascending or descending (an empty end: unbounded). */
    private Iterable<Map.Entry<byte[], byte[]>> ownWrites(byte[] startKey, byte[] endKey, boolean descending) {
        NavigableMap<byte[], byte[]> range;
        if (endKey.length == 0) {
            range = writes.tailMap(startKey, true);
        } else if (Arrays.compareUnsigned(startKey, endKey) >= 0) {
            return List.of();
        } else {
            range = writes.subMap(startKey, true, endKey, false);
        }
        return (descending ? range.descendingMap() : range).entrySet();
    }

    /** Rows read from storage, and where the next page starts (null: the range is read to its end). */
    private record Page(List<KeyValue> rows, byte[] resumeKey) {
    }

    /** Up to {@code rowsMax} stored rows of [startKey, endKey), tablet after tablet. */
    private Page readStored(byte[] startKey, byte[] endKey, int rowsMax) throws TabletUnavailableException {
        List<KeyValue> rows = new ArrayList<>();
        byte[] at = startKey;
        while (true) {
            Tablet tablet = noteRead(manager.directory().tabletFor(at));
            byte[] tabletEnd = tablet.range().endKey();
            boolean lastTablet = tabletEnd.length == 0 || (endKey.length > 0 && Arrays.compareUnsigned(tabletEnd, endKey) >= 0);
            int wanted = rowsMax - rows.size();
            List<KeyValue> got = tablet.scan(at, lastTablet ? endKey : tabletEnd, Timestamp.MAX, wanted);
            rows.addAll(got);
            if (got.size() >= wanted) {
                return new Page(rows, RocksStorage.successor(rows.get(rows.size() - 1).key()));
            }
            if (lastTablet) {
                return new Page(rows, null);
            }
            at = tabletEnd;
        }
    }

    /**
     * Up to {@code rowsMax} stored rows of [startKey, endKey) from endKey down, tablet after tablet
     * in reverse; the page's resume key is the exclusive end of the next page (its lowest row).
     */
    private Page readStoredReverse(byte[] startKey, byte[] endKey, int rowsMax) throws TabletUnavailableException {
        List<KeyValue> rows = new ArrayList<>();
        byte[] at = endKey;
        while (true) {
            if (Arrays.compareUnsigned(startKey, at) >= 0) {
                return new Page(rows, null); // an empty range
            }
            List<Tablet> below = manager.directory().tabletsOverlapping(startKey, at);
            Tablet tablet = noteRead(below.get(below.size() - 1));
            byte[] tabletStart = tablet.range().startKey();
            boolean lastTablet = Arrays.compareUnsigned(tabletStart, startKey) <= 0;
            int wanted = rowsMax - rows.size();
            List<KeyValue> got = tablet.scanReverse(lastTablet ? startKey : tabletStart, at, Timestamp.MAX, wanted);
            rows.addAll(got);
            if (got.size() >= wanted) {
                return new Page(rows, rows.get(rows.size() - 1).key());
            }
            if (lastTablet) {
                return new Page(rows, null);
            }
            at = tabletStart;
        }
    }

    /**
     * Pages through the tablets in key order (descending when {@code reverse}) and overlays the
     * transaction's buffered writes; stops after {@code rowsMax} rows. With {@code lockAsRead} each
     * page's range is locked before it is read (see {@link #scan(byte[], byte[], long)}); otherwise
     * the caller locked the whole range.
     */
    private final class MergingScan implements Iterator<Map.Entry<byte[], byte[]>> {
        private final byte[] startKey;
        private final byte[] endKey;
        private final long rowsMax;
        private final boolean lockAsRead;
        private final boolean reverse;
        private final Iterator<Map.Entry<byte[], byte[]>> own;
        private Map.Entry<byte[], byte[]> nextOwn;
        private List<KeyValue> page = List.of();
        private int pagePosition;
        /** Where the unread part of the range begins (forward) or ends, exclusive (reverse). */
        private byte[] resumeKey;
        private boolean storageDone;
        private Map.Entry<byte[], byte[]> next;
        private long returned;

        MergingScan(byte[] startKey, byte[] endKey, long rowsMax, boolean lockAsRead, boolean reverse) {
            this.startKey = startKey;
            this.endKey = endKey;
            this.rowsMax = rowsMax;
            this.lockAsRead = lockAsRead;
            this.reverse = reverse;
            this.resumeKey = reverse ? endKey : startKey;
            this.own = ownWrites(startKey, endKey, reverse).iterator();
            this.nextOwn = own.hasNext() ? own.next() : null;
        }

        @Override
        public boolean hasNext() {
            if (returned >= rowsMax) {
                return false;
            }
            while (next == null) {
                KeyValue stored = peekStored();
                if (stored == null && nextOwn == null) {
                    return false;
                }
                int c = stored == null ? 1 : nextOwn == null ? -1 : Arrays.compareUnsigned(stored.key(), nextOwn.getKey());
                if (reverse && stored != null && nextOwn != null) {
                    c = -c; // the higher key comes first
                }
                Map.Entry<byte[], byte[]> candidate;
                if (c < 0) {
                    candidate = Map.entry(stored.key(), stored.value());
                    pagePosition++;
                } else {
                    candidate = nextOwn;
                    nextOwn = own.hasNext() ? own.next() : null;
                    if (c == 0) {
                        pagePosition++;
                    }
                }
                if (candidate.getValue() != TOMBSTONE) {
                    next = candidate;
                }
            }
            return true;
        }

        private KeyValue peekStored() {
            while (pagePosition >= page.size()) {
                if (storageDone) {
                    return null;
                }
                try {
                    throwIfAborted();
                    if (reverse) {
                        fetchPageReverse();
                    } else {
                        fetchPage();
                    }
                } catch (TxnAbortedException | TabletUnavailableException e) {
                    throw new TxnScanException(e);
                }
            }
            return page.get(pagePosition);
        }

        private int pageRows() {
            return (int) Math.min(manager.scanPageRows(), Math.max(1, rowsMax - returned));
        }

        private void fetchPage() throws TxnAbortedException, TabletUnavailableException {
            int pageRows = pageRows();
            byte[] readEnd = endKey;
            if (lockAsRead) {
                // Find how far this page reaches, lock exactly that, and read it again under the
                // lock: a row committed between the two reads is then seen, and none can follow.
                Page located = readStored(resumeKey, endKey, pageRows);
                readEnd = located.resumeKey() == null ? endKey : located.resumeKey();
                manager.locks().acquire(Transaction.this, resumeKey, readEnd, LockMode.SHARED);
            }
            Page read = readStored(resumeKey, readEnd, pageRows);
            page = read.rows();
            pagePosition = 0;
            if (read.resumeKey() != null) {
                resumeKey = read.resumeKey();
            } else if (readEnd != endKey) {
                resumeKey = readEnd;
            } else {
                storageDone = true;
            }
        }

        /** As {@link #fetchPage}, downwards: the page reaches from its lowest row up to resumeKey. */
        private void fetchPageReverse() throws TxnAbortedException, TabletUnavailableException {
            int pageRows = pageRows();
            byte[] readStart = startKey;
            if (lockAsRead) {
                Page located = readStoredReverse(startKey, resumeKey, pageRows);
                readStart = located.resumeKey() == null ? startKey : located.resumeKey();
                manager.locks().acquire(Transaction.this, readStart, resumeKey, LockMode.SHARED);
            }
            Page read = readStoredReverse(readStart, resumeKey, pageRows);
            page = read.rows();
            pagePosition = 0;
            if (read.resumeKey() != null) {
                resumeKey = read.resumeKey();
            } else if (readStart != startKey) {
                resumeKey = readStart;
            } else {
                storageDone = true;
            }
        }

        @Override
        public Map.Entry<byte[], byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map.Entry<byte[], byte[]> out = next;
            next = null;
            returned++;
            return out;
        }
    }
}

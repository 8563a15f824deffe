package io.meridian.paxos.sim;

import io.meridian.paxos.core.Ballot;
import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.SnapshotChunk;
import io.meridian.paxos.driver.StateMachine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A durable state machine that records what it applied: each apply is atomic with its index, so
 * after a crash {@link #appliedIndex} is exactly the last entry applied. Its state is the whole
 * sequence of applied values, so a snapshot is that sequence serialized, and installing one is
 * checked value by value against what the group chose. The newest snapshot is durable; staged
 * chunks of a received one are not (a crash loses them).
 */
final class SimStateMachine implements StateMachine {
    private long preparingIndex = -1;
    private int preparingReadsLeft;
    private final SimNode owner;
    private final SafetyChecker checker;
    private List<LogEntry> applied = new ArrayList<>();
    private long snapshotIndex;
    private byte[] snapshot = new byte[0];
    private long stagingIndex;
    private ByteArrayOutputStream staging = new ByteArrayOutputStream();
    private long snapshotsTaken;
    private long snapshotsInstalled;

    SimStateMachine(SimNode owner, SafetyChecker checker) {
        this.owner = owner;
        this.checker = checker;
    }

    @Override
    public void apply(LogEntry entry) {
        owner.ioPoint("apply " + entry.index());
        SafetyChecker.check(entry.index() == applied.size() + 1L, "node %s applied slot %s after %s", owner.id(),
                entry.index(), applied.size());
        applied.add(entry);
        checker.applied(owner.id(), entry);
    }

    @Override
    public long appliedIndex() {
        return applied.size();
    }

    /** The newest membership change applied: the state holds every applied value, so it is derived. */
    @Override
    public Membership membership() {
        for (int i = applied.size() - 1; i >= 0; i--) {
            if (Membership.isMembership(applied.get(i).command())) {
                return Membership.decode(applied.get(i).command());
            }
        }
        return null;
    }

    @Override
    public long snapshotIndex() {
        return snapshotIndex;
    }

    @Override
    public long snapshot() {
        owner.ioPoint("snapshot at " + applied.size());
        snapshot = serialize(applied);
        snapshotIndex = applied.size();
        snapshotsTaken++;
        return snapshotIndex;
    }

    @Override
    public SnapshotChunk readSnapshot(long index, long offset, int bytesMax) {
        if (index != snapshotIndex || offset > snapshot.length) {
            return null;
        }
        // Like a tablet exporting its files off the loop: the first reads of some snapshots find
        // it still being prepared (0 to 2 reads, by its slot, so runs stay deterministic).
        if (preparingIndex != index) {
            preparingIndex = index;
            preparingReadsLeft = (int) (index % 3);
        }
        if (preparingReadsLeft > 0) {
            preparingReadsLeft--;
            return SnapshotChunk.PREPARING;
        }
        int end = (int) Math.min(snapshot.length, offset + bytesMax);
        return new SnapshotChunk(Arrays.copyOfRange(snapshot, (int) offset, end), end == snapshot.length);
    }

    @Override
    public void stageSnapshotChunk(long index, long offset, byte[] data) {
        owner.ioPoint("stage snapshot " + index + "@" + offset);
        if (offset == 0) {
            stagingIndex = index;
            staging = new ByteArrayOutputStream();
        }
        SafetyChecker.check(index == stagingIndex && offset == staging.size(),
                "node %s staged snapshot %s@%s while holding %s@%s", owner.id(), index, offset, stagingIndex,
                staging.size());
        staging.writeBytes(data);
    }

    @Override
    public void installSnapshot(long index) {
        SafetyChecker.check(index == stagingIndex, "node %s installs snapshot %s but staged %s", owner.id(), index,
                stagingIndex);
        byte[] bytes = staging.toByteArray();
        List<LogEntry> state = deserialize(bytes);
        SafetyChecker.check(state.size() == index, "node %s snapshot %s holds %s slots", owner.id(), index,
                state.size());
        owner.ioPoint("install snapshot " + index);
        // The install is one atomic step: a crash strikes before it or after it, never inside.
        for (LogEntry e : state) {
            checker.applied(owner.id(), e);
        }
        applied = state;
        snapshot = bytes;
        snapshotIndex = index;
        snapshotsInstalled++;
        owner.ioPoint("installed snapshot " + index);
    }

    /** A crash loses staged chunks; applied state and the newest snapshot survive. */
    void restarted() {
        stagingIndex = 0;
        staging = new ByteArrayOutputStream();
    }

    /** The value applied at {@code slot} (1-based), as {@link SafetyChecker#value}. */
    String valueAt(long slot) {
        return SafetyChecker.value(applied.get((int) slot - 1).command());
    }

    /** A digest of the values applied at slots 1..slots, to compare replicas' states. */
    int digest(long slots) {
        int h = 1;
        for (LogEntry e : applied.subList(0, (int) slots)) {
            h = 31 * h + Arrays.hashCode(e.command());
        }
        return h;
    }

    long snapshotsTaken() {
        return snapshotsTaken;
    }

    long snapshotsInstalled() {
        return snapshotsInstalled;
    }

    private static byte[] serialize(List<LogEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LogEntry e : entries) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(e.command().length).array());
            out.writeBytes(e.command());
        }
        return out.toByteArray();
    }

    /** Entries carry the zero ballot: a snapshot holds values, not the ballots they were chosen in. */
    private static List<LogEntry> deserialize(byte[] bytes) {
        List<LogEntry> out = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            byte[] command = new byte[buffer.getInt()];
            buffer.get(command);
            out.add(new LogEntry(out.size() + 1L, Ballot.ZERO, command));
        }
        return out;
    }
}

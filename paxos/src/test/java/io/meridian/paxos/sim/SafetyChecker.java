package io.meridian.paxos.sim;

import io.meridian.paxos.core.Ballot;
import io.meridian.paxos.core.HardState;
import io.meridian.paxos.core.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ground truth of one simulated group, built from what acceptors made durable, and the
 * properties checked against it on every write, apply and acknowledgement:
 *
 * <ul>
 *   <li>one value per (slot, ballot): a leader never proposes two values for a slot in one ballot;
 *   <li>acceptors never accept below their durable promise, and durable promises never go down;
 *   <li>agreement: a value is chosen at a slot when a quorum durably accepted it in one ballot;
 *       at most one value is ever chosen per slot;
 *   <li>every value any replica applies was chosen, and all replicas apply the same value per slot;
 *   <li>a command is applied at one slot only;
 *   <li>every proposal acknowledged to a client was chosen at its slot (so, by agreement, stays so);
 *   <li>a ballot is led by the node it names, by at most one node, and only after a quorum durably
 *       promised it;
 *   <li>leases (with the simulation, which checks that at most one node holds one at any true
 *       time): lease holders' ballots never go down, no higher ballot has been led while a lease
 *       is held, and a lease holder has applied every write
 *       acknowledged before, so a read it serves locally misses none.
 * </ul>
 */
final class SafetyChecker {
    private record SlotBallot(long slot, Ballot ballot) {
    }

    private static final class Acceptance {
        final String value;
        final Set<Integer> acceptors = new HashSet<>();

        Acceptance(String value) {
            this.value = value;
        }
    }

    private final int quorum;
    private final Map<SlotBallot, Acceptance> accepted = new HashMap<>();
    private final Map<Long, String> chosen = new HashMap<>();
    private final Map<Long, String> applied = new HashMap<>();
    private final Map<String, Long> commandSlots = new HashMap<>();
    private final Map<Long, String> acknowledged = new HashMap<>();
    private final Map<Ballot, Integer> leaders = new HashMap<>();
    private final Map<Integer, Ballot> durablePromise = new HashMap<>();
    private long chosenCount;
    private Ballot lastLeaseBallot = Ballot.ZERO;
    private long acknowledgedSlotMax;
    private Ballot ledBallotMax = Ballot.ZERO;

    SafetyChecker(int quorum) {
        this.quorum = quorum;
    }

    static String value(byte[] command) {
        return command.length == 0 ? "<noop>" : new String(command, StandardCharsets.UTF_8);
    }

    /** Called by a node's disk after a synced write. */
    void persisted(int node, List<LogEntry> entries, HardState hardState) {
        Ballot before = durablePromise.getOrDefault(node, Ballot.ZERO);
        for (LogEntry e : entries) {
            check(!before.isAbove(e.ballot()), "node %s accepted %s below its durable promise %s", node, e, before);
            recordAcceptance(node, e);
        }
        if (hardState != null) {
            check(!before.isAbove(hardState.promised()), "node %s durable promise went down from %s to %s", node,
                    before, hardState.promised());
            durablePromise.put(node, hardState.promised());
        }
    }

    private void recordAcceptance(int node, LogEntry e) {
        String value = value(e.command());
        Acceptance a = accepted.computeIfAbsent(new SlotBallot(e.index(), e.ballot()), k -> new Acceptance(value));
        check(a.value.equals(value), "two values in slot %s ballot %s: %s and %s", e.index(), e.ballot(), a.value,
                value);
        a.acceptors.add(node);
        if (a.acceptors.size() >= quorum) {
            String previous = chosen.putIfAbsent(e.index(), value);
            if (previous == null) {
                chosenCount++;
            }
            check(previous == null || previous.equals(value),
                    "AGREEMENT: slot %s chose %s, then %s in ballot %s by %s", e.index(), previous, value,
                    e.ballot(), a.acceptors);
        }
    }

    /** Called by a node's state machine for each entry it applies. */
    void applied(int node, LogEntry e) {
        String value = value(e.command());
        String chosenValue = chosen.get(e.index());
        check(chosenValue != null, "node %s applied %s=%s but nothing is chosen at that slot", node, e, value);
        check(chosenValue.equals(value), "node %s applied %s=%s but %s was chosen", node, e, value, chosenValue);
        String previous = applied.putIfAbsent(e.index(), value);
        check(previous == null || previous.equals(value), "node %s applied %s at slot %s, others applied %s", node,
                value, e.index(), previous);
        if (!e.isNoop()) {
            Long slot = commandSlots.putIfAbsent(value, e.index());
            check(slot == null || slot == e.index(), "command %s applied at slots %s and %s", value, slot,
                    e.index());
        }
    }

    /** A client was told its command committed at {@code slot}. */
    void acknowledged(int node, long slot, byte[] command) {
        String value = value(command);
        check(value.equals(chosen.get(slot)), "node %s acknowledged %s at slot %s, but chosen there is %s", node,
                value, slot, chosen.get(slot));
        check(value.equals(applied.get(slot)), "node %s acknowledged %s at slot %s before applying it", node, value,
                slot);
        String previous = acknowledged.putIfAbsent(slot, value);
        acknowledgedSlotMax = Math.max(acknowledgedSlotMax, slot);
        check(previous == null || previous.equals(value), "slot %s acknowledged as %s and as %s", slot, previous,
                value);
    }

    /** A node reports itself leader of {@code ballot}. */
    void leading(int node, Ballot ballot) {
        check(ballot.nodeId() == node, "node %s leads ballot %s that names another node", node, ballot);
        Integer previous = leaders.get(ballot);
        if (previous == null) {
            int promisers = 0;
            for (Ballot b : durablePromise.values()) {
                if (!ballot.isAbove(b)) {
                    promisers++;
                }
            }
            check(promisers >= quorum, "node %s leads %s but only %s replicas durably promised it", node, ballot,
                    promisers);
            leaders.put(ballot, node);
            if (ballot.isAbove(ledBallotMax)) {
                ledBallotMax = ballot;
            }
        }
        check(previous == null || previous == node, "ballot %s led by %s and %s", ballot, previous, node);
    }

    /** {@code node} holds a valid lease in {@code ballot} at true time {@code trueMicros}. */
    void leaseHeld(int node, Ballot ballot, long appliedIndex, long trueMicros) {
        check(!lastLeaseBallot.isAbove(ballot), "LEASE: node %s holds a lease in %s after one was held in %s (t=%s)",
                node, ballot, lastLeaseBallot, trueMicros);
        lastLeaseBallot = ballot;
        check(!ledBallotMax.isAbove(ballot), "LEASE: node %s holds a lease in %s at t=%s, but ballot %s was already led"
                + " by node %s", node, ballot, trueMicros, ledBallotMax, leaders.get(ledBallotMax));
        long acked = acknowledgedSlotMax();
        check(appliedIndex >= acked, "LEASE READ: node %s holds a lease at t=%s but applied only %s; slot %s=%s was"
                + " acknowledged", node, trueMicros, appliedIndex, acked, acknowledged.get(acked));
    }

    Map<Long, String> acknowledged() {
        return acknowledged;
    }

    long acknowledgedSlotMax() {
        return acknowledgedSlotMax;
    }

    String chosenAt(long slot) {
        return chosen.get(slot);
    }

    long chosenCount() {
        return chosenCount;
    }

    int leaderBallots() {
        return leaders.size();
    }

    static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new SafetyViolation(String.format(format, args));
        }
    }
}

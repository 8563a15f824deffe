package io.meridian.paxos.sim;

import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.driver.StateMachine;
import java.util.ArrayList;
import java.util.List;

/**
 * A durable state machine that records what it applied: each apply is atomic with its index, so
 * after a crash {@link #appliedIndex} is exactly the last entry applied.
 */
final class SimStateMachine implements StateMachine {
    private final SimNode owner;
    private final SafetyChecker checker;
    private final List<LogEntry> applied = new ArrayList<>();

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

    /** The value applied at {@code slot} (1-based), as {@link SafetyChecker#value}. */
    String valueAt(long slot) {
        return SafetyChecker.value(applied.get((int) slot - 1).command());
    }
}

package io.meridian.paxos.sim;

import io.meridian.paxos.core.Compaction;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.driver.PaxosReplica;
import io.meridian.paxos.driver.PaxosTransport;
import io.meridian.paxos.driver.ReplicaStatus;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * One simulated machine: a disk and a state machine that survive crashes, and a {@link PaxosReplica}
 * (its loop is a queue the simulation runs: at once, or later so events batch) that a crash throws away.
 */
final class SimNode {
    private final int id;
    private final PaxosConfig config;
    private final Compaction compaction;
    private final SimStorage storage;
    private final SimStateMachine stateMachine;
    private final SimClock clock;
    private PaxosReplica replica;
    private int crashCountdown = -1;
    /** The replica's loop: tasks wait here until {@link #runLoop} (a crash discards them). */
    private final ArrayDeque<Runnable> loopTasks = new ArrayDeque<>();

    SimNode(int id, PaxosConfig config, Compaction compaction, SafetyChecker checker, SimClock clock) {
        this.id = id;
        this.clock = clock;
        this.config = config;
        this.compaction = compaction;
        this.storage = new SimStorage(this, checker);
        this.stateMachine = new SimStateMachine(this, checker);
    }

    int id() {
        return id;
    }

    boolean isUp() {
        return replica != null;
    }

    PaxosReplica replica() {
        return replica;
    }

    ReplicaStatus status() {
        return replica.status();
    }

    SimStorage storage() {
        return storage;
    }

    SimStateMachine stateMachine() {
        return stateMachine;
    }

    /** Starts (or restarts) the replica from what is durable. */
    void start(SplittableRandom random, PaxosTransport transport) {
        crashCountdown = -1;
        stateMachine.restarted();
        loopTasks.clear();
        replica = new PaxosReplica(1, config, random, storage, stateMachine, transport, loopTasks::add, clock, null,
                compaction);
    }

    /** Runs the loop until it is idle: every event queued since it last ran, in one drain where they fit. */
    void runLoop() {
        Runnable task;
        while ((task = loopTasks.poll()) != null) {
            task.run();
        }
    }

    boolean loopIdle() {
        return loopTasks.isEmpty();
    }

    /** Crashes now: the replica and everything it had not persisted are gone. */
    void crash() {
        replica = null;
        loopTasks.clear();
        crashCountdown = -1;
    }

    /** Crashes at the {@code ioPoints}-th next disk write, message send or apply (0 = the next one). */
    void armCrash(int ioPoints) {
        crashCountdown = ioPoints;
    }

    /** Every disk write, send and apply passes here, so a crash can strike between any two of them. */
    void ioPoint(String where) {
        if (crashCountdown < 0) {
            return;
        }
        if (crashCountdown-- == 0) {
            throw new SimCrash(where);
        }
    }
}

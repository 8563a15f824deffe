package io.meridian.paxos.sim;

import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.driver.PaxosReplica;
import io.meridian.paxos.driver.PaxosTransport;
import io.meridian.paxos.driver.ReplicaStatus;
import java.util.SplittableRandom;

/**
 * One simulated machine: a disk and a state machine that survive crashes, and a {@link PaxosReplica}
 * (running on a direct executor: the simulation is its loop) that a crash throws away.
 */
final class SimNode {
    private final int id;
    private final PaxosConfig config;
    private final SimStorage storage;
    private final SimStateMachine stateMachine;
    private final SimClock clock;
    private PaxosReplica replica;
    private int crashCountdown = -1;

    SimNode(int id, PaxosConfig config, SafetyChecker checker, SimClock clock) {
        this.id = id;
        this.clock = clock;
        this.config = config;
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

    SimStateMachine stateMachine() {
        return stateMachine;
    }

    /** Starts (or restarts) the replica from what is durable. */
    void start(SplittableRandom random, PaxosTransport transport) {
        crashCountdown = -1;
        replica = new PaxosReplica(1, config, random, storage, stateMachine, transport, Runnable::run, clock, null);
    }

    /** Crashes now: the replica and everything it had not persisted are gone. */
    void crash() {
        replica = null;
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

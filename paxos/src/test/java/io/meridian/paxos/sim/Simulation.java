package io.meridian.paxos.sim;

import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.PaxosConfig;
import io.meridian.paxos.core.PaxosNode.Role;
import io.meridian.paxos.driver.ReplicaStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * A deterministic simulation of one Paxos group: N {@code PaxosReplica}s on direct executors, each
 * with a simulated disk and state machine, a lossy network, crash-restart and partitions, all
 * driven from one seed. No threads, sleeps or wall clock: time is a tick counter, and true time
 * ({@link #TICK_MICROS} per tick) is what each node's {@link SimClock} reads, off by up to the
 * profile's epsilon, for leader leases.
 *
 * <p>A run has two phases. Chaos: {@code profile.steps()} random events (deliver a message, tick,
 * propose, crash now or mid-drain, restart, cut or heal links), with the {@link SafetyChecker}
 * watching every disk write, apply and acknowledgement, and leaders checked after every step.
 * Heal: every node up, no loss, no partitions; within {@link #HEAL_TICKS_MAX} ticks a leader must
 * commit a fresh command and every replica must apply it.
 */
public final class Simulation {
    static final int HEARTBEAT_TICKS = 2;
    static final int ELECTION_TICKS = 10;
    /** True time per tick; the simulated epoch starts far from zero, as real clocks do. */
    static final long TICK_MICROS = 1_000;
    static final long EPOCH_MICROS = 1_000_000_000L;
    /** Below the election timeout, as in the servers: a dead leader's lease is over when timers fire. */
    static final int LEASE_TICKS = 8;
    static final int HEAL_TICKS_MAX = 600;
    static final int TRACE_EVENTS_MAX = 4000;
    static final int MESSAGES_PER_TICK_MAX = 10_000;
    static final int CLIENT_TIMEOUT_TICKS = 10 * ELECTION_TICKS;
    /** Share of the remaining steps that advance time; the rest deliver a due message, if any. */
    static final double TICK_RATE = 0.1;
    /**
     * Due messages per node beyond which time stands still until they are delivered: delay comes
     * from the network model, not from a simulated backlog the protocol is not to blame for.
     */
    static final int DUE_MESSAGES_PER_NODE_MAX = 8;

    /** What one run did, for the test's summary line. */
    public record Result(long seed, int nodes, long steps, long ticks, long chosen, long proposed, long acknowledged,
            int leaderBallots, long crashes, long messagesSent, long healTicks, long leaseSteps, long transfers,
            long transfersDone, long snapshotsTaken, long snapshotsInstalled, long membershipChangesChosen,
            String finalMembership) {
    }

    private final long seed;
    private final Profile profile;
    private final SplittableRandom random;
    /** Whether an event's loop runs at once: a stream of its own, so runs without deferral draw as before. */
    private final SplittableRandom loopRandom;
    private final SafetyChecker checker;
    private final SimNode[] nodes;
    private final SimNetwork network;
    private final Deque<String> trace = new ArrayDeque<>();
    private final int traceShown;
    private final List<String> lastRoles = new ArrayList<>();
    private long now;
    private long step;
    private long commandSequence;
    private long proposed;
    private long acknowledged;
    private long crashes;
    private AssertionError deferred;
    private long deliveredThisTick;
    private long backlogAtTick;
    private long leaseSteps;
    private long transfers;
    private long transfersDone;
    private CompletableFuture<Void> transfer;

    public Simulation(long seed, Profile profile) {
        this.seed = seed;
        this.profile = profile;
        this.random = new SplittableRandom(seed);
        this.loopRandom = new SplittableRandom(seed ^ 0x10097L);
        List<Integer> members = new ArrayList<>();
        for (int id = 1; id <= profile.nodes(); id++) {
            members.add(id);
        }
        this.checker = new SafetyChecker(Membership.ofVoters(members));
        this.nodes = new SimNode[profile.nodes() + profile.spareNodes() + 1];
        this.network = new SimNetwork(random.split(), nodes);
        this.traceShown = Integer.getInteger("sim.trace", 80);
        // Spare replicas run from the start, outside the group, until a membership change adds them.
        for (int id = 1; id < nodes.length; id++) {
            PaxosConfig config = new PaxosConfig(id, members, HEARTBEAT_TICKS, ELECTION_TICKS,
                    profile.entriesPerMessageMax(), profile.preVote(), profile.cachedAppliedSlotsMax(),
                    LEASE_TICKS * TICK_MICROS);
            nodes[id] = new SimNode(id, config, profile.compaction(), checker, new SimClock(this::trueMicros,
                    profile.epsilonMicros(), random.split()));
            nodes[id].start(random.split(), network);
            lastRoles.add("");
        }
        lastRoles.add("");
        network.faults.dropRate = profile.dropRate();
        network.faults.duplicateRate = profile.duplicateRate();
        network.faults.delayTicksMax = profile.delayTicksMax();
        network.faults.longDelayRate = profile.longDelayRate();
        network.faults.longDelayTicksMax = profile.longDelayTicksMax();
    }

    /** A run whose profile is drawn from the seed: what the seeded test and the soak use. */
    public static Simulation withSeed(long seed, int steps) {
        return new Simulation(seed, Profile.random(new SplittableRandom(seed ^ 0x5DEECE66DL), steps));
    }

    /** The run {@code seed} named before replicas batched events: every event handled at once. */
    public static Simulation withSeedUnbatched(long seed, int steps) {
        return new Simulation(seed, Profile.random(new SplittableRandom(seed ^ 0x5DEECE66DL), steps).withoutDeferredLoops());
    }

    /** The run {@code seed} draws, with pre-vote off on every replica whatever the draw said. */
    public static Simulation withSeedPreVoteOff(long seed, int steps) {
        return new Simulation(seed, Profile.random(new SplittableRandom(seed ^ 0x5DEECE66DL), steps).withoutPreVote());
    }

    /** Runs both phases; throws {@link SimulationFailure} naming the seed on any violation. */
    public Result run() {
        try {
            for (step = 0; step < profile.steps(); step++) {
                chaosStep();
                checkStep();
            }
            long healTicks = heal();
            long taken = 0;
            long installed = 0;
            for (int id = 1; id < nodes.length; id++) {
                taken += nodes[id].stateMachine().snapshotsTaken();
                installed += nodes[id].stateMachine().snapshotsInstalled();
            }
            return new Result(seed, profile.nodes(), step, now, checker.chosenCount(), proposed, acknowledged,
                    checker.leaderBallots(), crashes, network.sent(), healTicks, leaseSteps, transfers, transfersDone,
                    taken, installed, checker.membershipChangesChosen(), checker.latestChosenMembership().toString());
        } catch (AssertionError | RuntimeException e) {
            throw new SimulationFailure(describe(e), e);
        }
    }

    private void chaosStep() {
        double r = random.nextDouble();
        if ((r -= profile.crashRate()) < 0) {
            crashSomeone();
        } else if ((r -= profile.restartRate()) < 0) {
            restartSomeone();
        } else if ((r -= profile.partitionRate()) < 0) {
            changeLinks();
        } else if ((r -= profile.campaignRate()) < 0) {
            campaignSomeone();
        } else if ((r -= profile.membershipRate()) < 0) {
            changeMembership();
        } else if ((r -= profile.transferRate()) < 0) {
            transferFromLeader();
        } else if ((r -= profile.proposeRate()) < 0) {
            propose(pickProposer());
        } else if ((random.nextDouble() < TICK_RATE && !congested()) || !deliverOne()) {
            tick();
        }
    }

    private boolean congested() {
        return network.deliverableCount() > DUE_MESSAGES_PER_NODE_MAX * profile.nodes();
    }

    // ---- events ----------------------------------------------------------------------------

    void tick() {
        deliveredThisTick = 0;
        backlogAtTick = network.inFlightCount();
        runLoops();
        now++;
        network.advanceTo(now);
        record("tick");
        for (int id = 1; id < nodes.length; id++) {
            int ticks = 1;
            if (profile.tickSkewRate() > 0 && random.nextDouble() < profile.tickSkewRate()) {
                ticks = random.nextInt(3);
            }
            for (int t = 0; t < ticks && nodes[id].isUp(); t++) {
                SimNode node = nodes[id];
                invoke(node, () -> node.replica().tick());
            }
        }
    }

    boolean deliverOne() {
        var message = network.next();
        if (message == null) {
            return false;
        }
        deliveredThisTick++;
        record("deliver " + message);
        SimNode target = nodes[message.to()];
        invoke(target, () -> target.replica().receive(message));
        return true;
    }

    /** Proposes a fresh, unique command at {@code node}; returns the client's future, or null if it is down. */
    CompletableFuture<Long> propose(SimNode node) {
        if (node == null || !node.isUp()) {
            return null;
        }
        byte[] command = ("c" + commandSequence++).getBytes(StandardCharsets.UTF_8);
        proposed++;
        record("propose " + SafetyChecker.value(command) + " at " + node.id());
        CompletableFuture<Long> future = new CompletableFuture<>();
        invoke(node, () -> node.replica().propose(command).whenComplete((slot, error) -> {
            if (error == null) {
                acknowledge(node, slot, command);
            }
            if (error == null) {
                future.complete(slot);
            } else {
                future.completeExceptionally(error);
            }
        }));
        return future;
    }

    private void acknowledge(SimNode node, long slot, byte[] command) {
        acknowledged++;
        record("ack " + SafetyChecker.value(command) + "@" + slot + " by " + node.id());
        try {
            checker.acknowledged(node.id(), slot, command);
        } catch (AssertionError e) {
            // Thrown inside a future callback, where it would be swallowed: rethrown after the step.
            if (deferred == null) {
                deferred = e;
            }
        }
    }

    private SimNode pickProposer() {
        List<SimNode> up = upNodes();
        if (up.isEmpty()) {
            return null;
        }
        if (random.nextDouble() < 0.8) {
            for (SimNode n : up) {
                if (n.status().role() == Role.LEADER) {
                    return n;
                }
            }
        }
        return up.get(random.nextInt(up.size()));
    }

    /** A forced election at a random node, as a leader transfer or an operator would start one. */
    private void campaignSomeone() {
        List<SimNode> up = upNodes();
        if (!up.isEmpty()) {
            SimNode node = up.get(random.nextInt(up.size()));
            record("campaign at " + node.id());
            invoke(node, () -> node.replica().campaign());
        }
    }

    /**
     * Asks the leader (if any is up) to add a replica outside the group or to remove a member,
     * the leader itself included; a group keeps at least two voters so faults stay survivable.
     */
    private void changeMembership() {
        SimNode leader = null;
        for (SimNode n : upNodes()) {
            if (n.status().role() == Role.LEADER) {
                leader = n;
            }
        }
        if (leader == null) {
            return;
        }
        Membership m = leader.status().membership();
        List<Integer> outside = new ArrayList<>();
        for (int id = 1; id < nodes.length; id++) {
            if (!m.contains(id)) {
                outside.add(id);
            }
        }
        List<Integer> removable = new ArrayList<>(m.learners());
        if (m.voters().size() > 2) {
            removable.addAll(m.voters());
        }
        boolean add = !outside.isEmpty() && (removable.isEmpty() || random.nextBoolean());
        if (!add && removable.isEmpty()) {
            return;
        }
        int target = add ? outside.get(random.nextInt(outside.size())) : removable.get(random.nextInt(removable.size()));
        record((add ? "add " : "remove ") + target + " via leader " + leader.id() + " (" + m + ")");
        SimNode via = leader;
        invoke(via, () -> (add ? via.replica().addReplica(target) : via.replica().removeReplica(target))
                .whenComplete((result, error) -> record("membership change of " + target + ": "
                        + (error == null ? result : error.getClass().getSimpleName()))));
    }

    /** A leader transfer from the current leader (if any is up) to a random other member. */
    private void transferFromLeader() {
        if (transfer != null && !transfer.isDone()) {
            return; // one at a time, as an operator or a placement policy would
        }
        for (SimNode leader : upNodes()) {
            if (leader.status().role() != Role.LEADER) {
                continue;
            }
            List<Integer> voters = new ArrayList<>(leader.status().membership().voters());
            voters.remove(Integer.valueOf(leader.id()));
            if (voters.isEmpty()) {
                return;
            }
            int target = voters.get(random.nextInt(voters.size()));
            record("transfer " + leader.id() + " -> " + target);
            transfers++;
            int to = target;
            invoke(leader, () -> transfer = leader.replica().transferLeadership(to).whenComplete((v, error) -> {
                if (error == null) {
                    transfersDone++;
                    record("transfer to " + to + " done");
                } else {
                    record("transfer to " + to + " failed: " + error.getMessage());
                }
            }));
            return;
        }
    }

    private void crashSomeone() {
        List<SimNode> up = upNodes();
        if (up.isEmpty()) {
            return;
        }
        SimNode node = up.get(random.nextInt(up.size()));
        if (random.nextBoolean()) {
            int ioPoints = random.nextInt(8);
            record("arm crash of " + node.id() + " at io point " + ioPoints);
            node.armCrash(ioPoints);
        } else {
            crash(node, "between events");
        }
    }

    void crash(SimNode node, String where) {
        crashes++;
        record("CRASH " + node.id() + " " + where);
        node.crash();
    }

    private void restartSomeone() {
        List<SimNode> down = new ArrayList<>();
        for (int id = 1; id < nodes.length; id++) {
            if (!nodes[id].isUp()) {
                down.add(nodes[id]);
            }
        }
        if (!down.isEmpty()) {
            restart(down.get(random.nextInt(down.size())));
        }
    }

    void restart(SimNode node) {
        record("RESTART " + node.id());
        node.start(random.split(), network);
    }

    private void changeLinks() {
        int n = nodes.length - 1;
        int kind = random.nextInt(5);
        if (kind <= 1) {
            record("heal links");
            network.healLinks();
        } else if (kind == 2) {
            int isolated = 1 + random.nextInt(n);
            record("isolate " + isolated);
            for (int other = 1; other <= n; other++) {
                if (other != isolated) {
                    network.block(isolated, other);
                    network.block(other, isolated);
                }
            }
        } else if (kind == 3) {
            boolean[] side = new boolean[n + 1];
            for (int id = 1; id <= n; id++) {
                side[id] = random.nextBoolean();
            }
            record("split " + Arrays.toString(side));
            for (int a = 1; a <= n; a++) {
                for (int b = 1; b <= n; b++) {
                    if (side[a] != side[b]) {
                        network.block(a, b);
                    }
                }
            }
        } else {
            int from = 1 + random.nextInt(n);
            int to = 1 + random.nextInt(n);
            if (from != to) {
                record("cut link " + from + "->" + to);
                network.block(from, to);
            }
        }
    }

    /** Runs an event on a node's replica; a simulated crash inside it takes the node down. */
    private void invoke(SimNode node, Runnable event) {
        try {
            event.run();
            if (profile.loopDeferRate() == 0 || loopRandom.nextDouble() >= profile.loopDeferRate()) {
                node.runLoop();
            } else {
                record("deferred on " + node.id());
            }
        } catch (SimCrash crash) {
            crash(node, crash.getMessage());
        }
    }

    /** Runs every up node's loop that has events waiting (each tick starts with this). */
    private void runLoops() {
        for (int id = 1; id < nodes.length; id++) {
            SimNode node = nodes[id];
            if (node.isUp() && !node.loopIdle()) {
                try {
                    node.runLoop();
                } catch (SimCrash crash) {
                    crash(node, crash.getMessage());
                }
            }
        }
    }

    // ---- checks ----------------------------------------------------------------------------

    long trueMicros() {
        return EPOCH_MICROS + now * TICK_MICROS;
    }

    void checkStep() {
        if (deferred != null) {
            throw deferred;
        }
        checkLeases();
        SafetyChecker.check(deliveredThisTick < backlogAtTick + MESSAGES_PER_TICK_MAX,
                "LIVENESS: message storm, %s messages delivered in one tick (%s were in flight at its start)",
                deliveredThisTick, backlogAtTick);
        for (int id = 1; id < nodes.length; id++) {
            SimNode node = nodes[id];
            String role = "down";
            if (node.isUp()) {
                ReplicaStatus s = node.status();
                role = s.role() + " " + s.promised();
                if (s.role() == Role.LEADER) {
                    checker.leading(id, s.promised());
                }
                SafetyChecker.check(s.appliedIndex() <= s.chosenIndex(), "node %s applied %s beyond chosen %s", id,
                        s.appliedIndex(), s.chosenIndex());
            }
            if (!role.equals(lastRoles.get(id))) {
                lastRoles.set(id, role);
                record("node " + id + " is " + role);
            }
        }
    }

    /**
     * At this true time at most one node holds a valid lease by its own clock, and its applied
     * state covers every write acknowledged to a client so far: a read served under the lease now
     * would miss none of them.
     */
    private void checkLeases() {
        SimNode holder = null;
        for (int id = 1; id < nodes.length; id++) {
            SimNode node = nodes[id];
            if (!node.isUp() || !node.replica().hasValidLease()) {
                continue;
            }
            SafetyChecker.check(holder == null, "LEASE: nodes %s and %s both hold a valid lease at true time %s",
                    holder == null ? -1 : holder.id(), id, trueMicros());
            holder = node;
        }
        if (holder != null) {
            leaseSteps++;
            ReplicaStatus s = holder.status();
            checker.leaseHeld(holder.id(), s.promised(), s.appliedIndex(), trueMicros());
        }
    }

    // ---- heal and liveness -----------------------------------------------------------------

    /** Heals every fault, then demands progress within the tick budget; returns the ticks it took. */
    private long heal() {
        record("HEAL");
        network.healLinks();
        network.faults.dropRate = 0;
        network.faults.duplicateRate = 0;
        network.faults.longDelayRate = 0;
        network.faults.delayTicksMax = Math.min(network.faults.delayTicksMax, 1);
        for (int id = 1; id < nodes.length; id++) {
            if (!nodes[id].isUp()) {
                restart(nodes[id]);
            }
            nodes[id].armCrash(-1);
        }
        long start = now;
        CompletableFuture<Long> marker = null;
        long markerProposedAt = now;
        while (now - start < HEAL_TICKS_MAX) {
            while (deliverOne()) {
                checkStep();
            }
            checkStep();
            // A client whose proposal neither commits nor fails in time gives up and sends a new
            // one: a proposal orphaned by a leader change stays undecided until its slot is reused.
            if (marker == null || marker.isCompletedExceptionally()
                    || (!marker.isDone() && now - markerProposedAt > CLIENT_TIMEOUT_TICKS)) {
                marker = proposeAtReadyLeader();
                markerProposedAt = now;
            }
            if (marker != null && marker.isDone() && !marker.isCompletedExceptionally()
                    && allApplied(Math.max(marker.join(), checker.acknowledgedSlotMax()))) {
                checkConverged();
                return now - start;
            }
            tick();
            checkStep();
            step++;
        }
        StringBuilder status = new StringBuilder();
        for (int id = 1; id < nodes.length; id++) {
            status.append("\n  ").append(nodes[id].status());
        }
        throw new SafetyViolation("LIVENESS: no fresh command committed on every replica within " + HEAL_TICKS_MAX
                + " ticks after healing; marker=" + marker + status);
    }

    private CompletableFuture<Long> proposeAtReadyLeader() {
        for (int id = 1; id < nodes.length; id++) {
            if (nodes[id].status().readyLeader()) {
                return propose(nodes[id]);
            }
        }
        return null;
    }

    /** Members of the group as the ground truth has it: replicas removed from it no longer follow the log. */
    private List<Integer> members() {
        return new ArrayList<>(checker.latestChosenMembership().members());
    }

    private boolean allApplied(long slot) {
        for (int id : members()) {
            if (nodes[id].status().appliedIndex() < slot) {
                return false;
            }
        }
        return true;
    }

    /**
     * After healing: every acknowledged command is applied, at its slot, on every replica, and all
     * replicas' states agree (a digest of the values up to the shortest applied prefix), whether
     * they got there by applying the log or by installing snapshots.
     */
    private void checkConverged() {
        List<Integer> members = members();
        long common = Long.MAX_VALUE;
        for (int id : members) {
            common = Math.min(common, nodes[id].stateMachine().appliedIndex());
        }
        int first = members.get(0);
        int digest = nodes[first].stateMachine().digest(common);
        for (int id : members) {
            int other = nodes[id].stateMachine().digest(common);
            SafetyChecker.check(other == digest, "CONVERGENCE: node %s state digest %s over slots 1..%s, node %s has %s",
                    id, other, common, first, digest);
        }
        for (var ack : checker.acknowledged().entrySet()) {
            for (int id : members) {
                String value = nodes[id].stateMachine().valueAt(ack.getKey());
                SafetyChecker.check(value.equals(ack.getValue()), "DURABILITY: node %s has %s at acknowledged slot %s=%s",
                        id, value, ack.getKey(), ack.getValue());
            }
        }
    }

    // ---- trace -----------------------------------------------------------------------------

    void record(String event) {
        if (trace.size() >= TRACE_EVENTS_MAX) {
            trace.removeFirst();
        }
        trace.addLast("#" + step + " t" + now + " " + event);
    }

    private String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        b.append("seed=").append(seed).append(" step=").append(step).append(" tick=").append(now).append(": ")
                .append(e).append("\n  profile ").append(profile).append("\n  replay: -Dsim.seed=").append(seed)
                .append(" (more trace: -Dsim.trace=N)\n  messages sent: ").append(network.sentByKind())
                .append(", in flight: ").append(network.inFlightCount()).append("\n  last events:");
        List<String> events = new ArrayList<>(trace);
        for (String event : events.subList(Math.max(0, events.size() - traceShown), events.size())) {
            b.append("\n    ").append(event);
        }
        return b.toString();
    }

    List<SimNode> upNodes() {
        List<SimNode> up = new ArrayList<>();
        for (int id = 1; id < nodes.length; id++) {
            if (nodes[id].isUp()) {
                up.add(nodes[id]);
            }
        }
        return up;
    }
}

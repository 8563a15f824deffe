package io.meridian.paxos.driver;

import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.PaxosNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The leader's side of one membership change at a time, stepped by the replica's loop after every
 * drain (never from a future's callback, which could re-enter the loop). Adding a replica is two
 * changes: it joins as a learner, and once its log is within {@link #CATCH_UP_LAG_SLOTS_MAX} of the
 * chosen index (and holds the change that made it a learner) it is promoted to voter, so a new voter
 * never stalls commits while it catches up, nor counts toward quorums before it was ever heard from.
 * Removing is one change; a leader that removes itself steps down once the change is applied.
 */
final class MembershipChanges {
    /** How far behind the chosen index a learner may be to be promoted. */
    static final long CATCH_UP_LAG_SLOTS_MAX = 64;

    private enum Step { LEARNER_PROPOSED, CATCHING_UP, PROMOTE_PROPOSED, REMOVE_PROPOSED }

    private Step step;
    private int nodeId;
    private String address;
    /** The slot of the "learner" change: a learner must hold it (it has heard from us) before promotion. */
    private long learnerSlot;
    private long ticksLeft;
    private CompletableFuture<Long> slot;
    private CompletableFuture<Membership> result;

    boolean busy() {
        return result != null;
    }

    /** Adds {@code id}, reachable at {@code address} (null: by configuration). */
    void startAdd(int id, String address, CompletableFuture<Membership> future, long tickBudget) {
        begin(id, address, future, tickBudget, Step.LEARNER_PROPOSED);
    }

    void startRemove(int id, CompletableFuture<Membership> future, long tickBudget) {
        begin(id, null, future, tickBudget, Step.REMOVE_PROPOSED);
    }

    private void begin(int id, String address, CompletableFuture<Membership> future, long tickBudget, Step first) {
        this.nodeId = id;
        this.address = address;
        this.result = future;
        this.ticksLeft = tickBudget;
        this.step = first;
        this.slot = null;
    }

    void tick() {
        if (result != null && --ticksLeft < 0) {
            fail(new TimeoutException("membership change for node " + nodeId + " did not finish in time"));
        }
    }

    /**
     * Moves the change forward; {@code propose} appends a membership entry and returns the future of
     * its slot (failed when it cannot be appended). Returns true when it appended something.
     */
    boolean advance(PaxosNode node, BiFunction<Membership, String, CompletableFuture<Long>> propose) {
        if (result == null) {
            return false;
        }
        Membership current = node.membership();
        switch (step) {
            case LEARNER_PROPOSED, PROMOTE_PROPOSED, REMOVE_PROPOSED -> {
                if (slot == null && step == Step.LEARNER_PROPOSED && current.contains(nodeId)
                        && java.util.Objects.equals(current.addresses().get(nodeId), address)) {
                    // A retry after the leader changed mid-way: a voter is done, a learner resumes
                    // its catch-up (it must hold this leader's log as it stands to be promoted).
                    if (current.isVoter(nodeId)) {
                        result.complete(current);
                        result = null;
                        return false;
                    }
                    learnerSlot = node.lastIndex();
                    step = Step.CATCHING_UP;
                    return advance(node, propose);
                }
                if (slot == null) {
                    Membership next;
                    try {
                        next = step == Step.LEARNER_PROPOSED ? current.withLearner(nodeId, address)
                                : step == Step.PROMOTE_PROPOSED ? current.promoted(nodeId) : current.without(nodeId);
                    } catch (IllegalArgumentException e) {
                        fail(e);
                        return false;
                    }
                    slot = propose.apply(next, step.name());
                    return true;
                }
                if (slot.isCompletedExceptionally()) {
                    slot.exceptionally(e -> {
                        fail(e);
                        return null;
                    });
                    return false;
                }
                if (slot.isDone()) {
                    if (step == Step.LEARNER_PROPOSED) {
                        learnerSlot = slot.join();
                        step = Step.CATCHING_UP;
                        slot = null;
                        return advance(node, propose);
                    }
                    result.complete(node.membership());
                    result = null;
                }
                return false;
            }
            case CATCHING_UP -> {
                if (node.role() != PaxosNode.Role.LEADER) {
                    fail(new NotLeaderException(node.leaderId()));
                } else if (node.followerMatch(nodeId) >= learnerSlot
                        && node.followerMatch(nodeId) + CATCH_UP_LAG_SLOTS_MAX >= node.chosenIndex()) {
                    // Holding its own learner change shows the learner is up and reachable; a young
                    // group's chosen index alone is within the bound even for a learner never heard from.
                    step = Step.PROMOTE_PROPOSED;
                    return advance(node, propose);
                }
                return false;
            }
            default -> throw new IllegalStateException(step.name());
        }
    }

    void fail(Throwable cause) {
        if (result != null) {
            Throwable unwrapped = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null
                    ? cause.getCause() : cause;
            result.completeExceptionally(unwrapped);
            result = null;
        }
    }
}

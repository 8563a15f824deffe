/**
 * The Multi-Paxos state machine of one replica: pure, deterministic, single-threaded.
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li><b>Ballots</b> are (round, node id), unique per node. A replica promises ballot b durably
 *       (hard state synced) before any message that depends on the promise leaves it.
 *   <li><b>Phase 1</b> runs once per ballot for every slot above the candidate's chosen index. A
 *       Promise carries every entry the acceptor holds from there on, each with the ballot it was
 *       accepted in. The new leader re-proposes, in its own ballot, the highest-ballot value of
 *       each slot, a no-op where no promiser holds one, and then one more no-op: once that last
 *       slot is chosen a quorum has accepted its ballot, and the leader is "ready".
 *   <li><b>Phase 2</b> is per slot, pipelined (up to {@code PROPOSALS_INFLIGHT_MAX} slots
 *       outstanding per follower) and batched ({@code entriesPerMessageMax} slots per Accept).
 *       Acceptors accept any slot of a ballot at or above their promise, in any order.
 *   <li><b>Learning.</b> {@code Accepted.matchIndex} is the acceptor's contiguous prefix: every slot
 *       up to it holds, durably, a value it knows is chosen or the sender's ballot's value. The
 *       leader's chosen index is the quorum's minimum of those prefixes (its own counting only
 *       once persisted). A follower knows slot i is chosen when the leader's chosen index covers
 *       i and its own entry at i carries the leader's ballot: one ballot never has two values for
 *       a slot, so the entry it holds is the one the quorum accepted.
 *   <li><b>Repair.</b> A follower's prefix can stall (a lost or reordered batch) or shrink (after
 *       a restart it only knows that its applied slots are chosen). The leader resends from the
 *       last reported prefix when a follower's reports stopped advancing for
 *       {@code STALLED_HEARTBEATS_MAX} heartbeats, one batch at a time until a reply covering that
 *       batch arrives (older replies are ignored); replies never trigger resends, so reordering
 *       and duplication cannot snowball into a message storm.
 *   <li><b>Election.</b> A follower that hears no leader for a randomised timeout first pre-votes:
 *       a Prepare in ballot (r, -id), which asks "would you promise (r, id)?" and changes nobody's
 *       state. Replicas that heard a live leader within {@code electionTicks} say no. Only with a
 *       quorum of yeses does the real campaign start, so a replica cut off from the group cannot
 *       inflate its ballot and depose a healthy leader when it returns. A leader that has not
 *       heard from a quorum for {@code electionTicks} steps down (check quorum). An acceptor
 *       refuses to promise a candidate whose chosen index trails its own by more than
 *       {@code CANDIDATE_LAG_SLOTS_MAX}, which bounds the size of a Promise.
 *   <li><b>Leases</b> ({@link io.meridian.paxos.core.LeaseKeeper}, when the driver passes a
 *       {@link io.meridian.paxos.core.LeaseClock}): heartbeats of a ready leader request a lease
 *       stamped with TrueTime earliest; acceptors that accept grant it and promise or pre-vote for
 *       no other node until their grant's latest plus the lease has surely passed; the leader holds
 *       the lease while its latest is below the quorum's request start plus the lease.
 *   <li><b>Leader transfer.</b> The leader stops proposing, waits for the target's log to match
 *       its own, gives up its lease ({@code Relinquish}, with a floor) and tells the target to
 *       campaign at once; it gives up after an election timeout without a winner.
 * </ul>
 *
 * <h2>Invariants checked by the simulation ({@code io.meridian.paxos.sim})</h2>
 * <ul>
 *   <li>At most one value is ever chosen per slot (a quorum durably accepting it in one ballot).
 *   <li>No two values in one (slot, ballot); acceptors never accept below their durable promise,
 *       which never goes down.
 *   <li>Every replica applies only chosen values, the same per slot, in slot order; a command is
 *       applied at one slot only.
 *   <li>Every proposal acknowledged to a client was chosen at its slot, and after faults heal is
 *       applied there on every replica.
 *   <li>A ballot is led only by the node it names, and only after a quorum durably promised it.
 *   <li>After faults heal, a fresh proposal commits on every replica within a tick budget, with no
 *       message storm.
 *   <li>At most one replica holds a valid lease at any true time, no higher ballot has been led
 *       while it does, and it has applied every write acknowledged to a client.
 * </ul>
 *
 * <p>Inputs are messages, ticks and proposals; outputs leave through {@link
 * io.meridian.paxos.core.Ready}, which the driver executes in the fixed order persist, send, apply,
 * advance. No threads, clocks, I/O or unseeded randomness here.
 */
package io.meridian.paxos.core;

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
 *       heard from a quorum for {@code electionTicks} steps down (check quorum). Leader
 *       stickiness does the same for real Prepares (pre-vote off, or a forced campaign): a leader
 *       that has not handed over, and a follower that heard its leader within
 *       {@code electionTicks}, ignore other candidates; a {@code Relinquish} lifts it for one
 *       election timeout so a transfer's target can win. An acceptor
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
 *   <li><b>Compaction.</b> Slots up to {@code compactedIndex} are covered by a durable snapshot of
 *       the state machine and gone from the log. A follower whose next slot is compacted away gets
 *       the leader's newest snapshot in chunks (a window of a few in flight, forward acks refill
 *       it, heartbeats go back to the acknowledged offset and resend one) and reports the snapshot's slots as held only once it is installed.
 *       An acceptor never promises a candidate whose first open slot it compacted away: the
 *       Promise could not carry those chosen values, and the candidate would fill them with
 *       no-ops. The candidate with the highest chosen index in a quorum is never refused (a
 *       replica compacts only applied, hence chosen, slots), so some replica can still win.
 *   <li><b>Membership</b> ({@link io.meridian.paxos.core.Membership}) changes through the log, one
 *       replica at a time: add a learner, promote a learner to voter, remove a member. A change
 *       <em>takes effect when logged</em>: the change at slot i governs every slot after i, in the
 *       log that holds it, whether or not i is chosen yet (as in Raft's single-server changes).
 *       Why logged rather than chosen: "chosen" is not known at the same time everywhere, while
 *       the log is local, so every replica can compute each slot's quorum from its own log; and a
 *       new voter counts as soon as it can, so removing a failed voter restores the margin
 *       without waiting a round trip. It is safe because any majority of the voters before a
 *       single change meets any majority after it, provided at most one change is unchosen at a
 *       time: a leader proposes a change only when every change in its log is chosen and it is
 *       ready (a slot of its own ballot chosen, the fix for Raft's single-server bug).
 *       <br>Phase 2: the leader's chosen index advances stretch by stretch between changes, each
 *       slot needing a quorum of the voters governing it. Phase 1: a candidate needs promises
 *       from a quorum of every membership that may govern an open slot: the one at its first open
 *       slot, every change in its own log after that, and every change a promiser reports (it
 *       sends Prepares to their voters as it learns of them). A chosen change was accepted by a
 *       quorum of its predecessor, which meets the candidate's quorum of that predecessor, so the
 *       candidate finds every chosen change it did not know and every value chosen under it.
 *       <br>The membership after the applied prefix is recorded by the state machine with its
 *       applied index, so it survives restarts and travels in snapshots. Learners and replicas
 *       whose removal is applied never campaign; a replica whose log names a membership without
 *       it (its removal logged, not yet known to be chosen) may, since it may be the only one up
 *       to date enough to finish the change, but always pre-votes first so it cannot depose a
 *       live leader. A leader whose removal is applied steps down. A lease needs grants from a
 *       quorum of every governing membership, as an election does, and a leader that logs a
 *       change forgets the lease it holds until such a quorum has granted again.
 * </ul>
 *
 * <h2>Invariants checked by the simulation ({@code io.meridian.paxos.sim})</h2>
 * <ul>
 *   <li>At most one value is ever chosen per slot (a quorum durably accepting it in one ballot, a
 *       quorum of the voters of the membership governing that slot in that ballot's log).
 *   <li>No two values in one (slot, ballot); acceptors never accept below their durable promise,
 *       which never goes down.
 *   <li>Every replica applies only chosen values, the same per slot, in slot order; a command is
 *       applied at one slot only.
 *   <li>Every proposal acknowledged to a client was chosen at its slot, and after faults heal is
 *       applied there on every replica.
 *   <li>A snapshot installed by catch-up holds exactly the chosen values up to its slot, and after
 *       faults heal every replica's state (by log or by snapshot) has the same digest.
 *   <li>A ballot is led only by the node it names, and only after a quorum of the newest chosen
 *       membership's voters durably promised it.
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

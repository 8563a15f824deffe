/**
 * Gives a {@link io.meridian.paxos.core.PaxosNode} a disk ({@link io.meridian.paxos.driver.PaxosStorage}),
 * a network ({@link io.meridian.paxos.driver.PaxosTransport}) and a state machine, on one
 * caller-supplied single-threaded loop. After every event the loop drains the node's Ready in the
 * fixed order: persist (synced), send, apply, advance. A thrown error (a broken invariant, a failed
 * disk) stops the replica: its pending and later proposals fail with that error.
 */
package io.meridian.paxos.driver;

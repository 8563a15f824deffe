package io.meridian.paxos.core;

/** The acceptor's promise: it must be durable before any Promise or Reject that depends on it leaves. */
public record HardState(Ballot promised) {
}

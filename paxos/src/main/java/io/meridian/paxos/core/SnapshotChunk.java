package io.meridian.paxos.core;

/** A piece of a serialized snapshot; {@code last} when it ends the snapshot. */
public record SnapshotChunk(byte[] data, boolean last) {
}

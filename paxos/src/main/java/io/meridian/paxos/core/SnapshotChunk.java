package io.meridian.paxos.core;

/**
 * A piece of a serialized snapshot; {@code last} when it ends the snapshot. An empty chunk that is
 * not the last ({@link #PREPARING}) says the snapshot is still being prepared (a tablet exports
 * its files off the replica's loop): the leader sends nothing and asks again on the next heartbeat.
 */
public record SnapshotChunk(byte[] data, boolean last) {
    public static final SnapshotChunk PREPARING = new SnapshotChunk(new byte[0], false);

    public boolean preparing() {
        return data.length == 0 && !last;
    }
}

package io.meridian.range;

import io.meridian.storage.Mutation;
import io.meridian.truetime.Timestamp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A committed transaction's writes to one tablet, as replicated through the tablet's Paxos log:
 * the transaction id (so a replayed commit is recognisable), the commit timestamp and the writes.
 */
public record TabletCommand(long txnId, Timestamp commitTimestamp, List<Mutation> mutations) {
    private static final byte FORMAT = 1;

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(txnId);
            out.write(commitTimestamp.encode());
            out.writeInt(mutations.size());
            for (Mutation m : mutations) {
                out.writeInt(m.key().length);
                out.write(m.key());
                out.writeInt(m.isDelete() ? -1 : m.value().length);
                if (!m.isDelete()) {
                    out.write(m.value());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static TabletCommand decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown tablet command format " + format);
            }
            long txnId = in.readLong();
            byte[] ts = in.readNBytes(Timestamp.ENCODED_BYTES);
            int count = in.readInt();
            List<Mutation> mutations = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] key = in.readNBytes(in.readInt());
                int valueLength = in.readInt();
                mutations.add(valueLength < 0 ? Mutation.delete(key) : Mutation.put(key, in.readNBytes(valueLength)));
            }
            return new TabletCommand(txnId, Timestamp.decode(ts, 0), mutations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.meridian.range;

import io.meridian.paxos.core.SnapshotChunk;
import io.meridian.storage.RangeSnapshot;
import io.meridian.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The byte stream a tablet snapshot travels as: a header (format, the slot it stands for, the
 * tablet's applied marker, the sizes of its SST files) followed by the SST files themselves,
 * exported from RocksDB. Chunks are read at any offset, so a transfer can resume where it stopped;
 * the receiver appends them to one staging file and splits it back into SST files to install.
 */
final class TabletSnapshotFiles {
    private static final int MAGIC = 0x4D534E50; // "MSNP"
    private static final int FORMAT = 1;
    /** Bounds the header a corrupt or hostile stream can make us allocate. */
    private static final int FILES_MAX = 1 << 16;
    private static final int MARKER_BYTES_MAX = 1024;

    /** What a stream's header says. */
    record Header(long index, byte[] appliedMarker, byte[] membership, List<Long> fileSizes, long versionCount) {
    }

    private TabletSnapshotFiles() {
    }

    static byte[] header(long index, byte[] appliedMarker, byte[] membership, RangeSnapshot exported) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 4 + appliedMarker.length + 4 + membership.length + 8 + 4
                + 8 * exported.files().size());
        b.putInt(MAGIC).putInt(FORMAT).putLong(index).putInt(appliedMarker.length).put(appliedMarker)
                .putInt(membership.length).put(membership)
                .putLong(exported.versionCount()).putInt(exported.files().size());
        for (Path file : exported.files()) {
            b.putLong(size(file));
        }
        return b.array();
    }

    /** Reads a header from the start of {@code stream}; throws on anything malformed. */
    static Header readHeader(FileChannel stream, long expectedIndex) throws IOException {
        ByteBuffer fixed = readFully(stream, 0, 20);
        check(fixed.getInt() == MAGIC && fixed.getInt() == FORMAT, "not a tablet snapshot stream");
        long index = fixed.getLong();
        check(index == expectedIndex, "stream holds snapshot " + index + ", expected " + expectedIndex);
        int markerLength = fixed.getInt();
        check(markerLength >= 0 && markerLength <= MARKER_BYTES_MAX, "bad marker length " + markerLength);
        ByteBuffer markerAndLength = readFully(stream, 20, markerLength + 4);
        byte[] marker = new byte[markerLength];
        markerAndLength.get(marker);
        int membershipLength = markerAndLength.getInt();
        check(membershipLength >= 0 && membershipLength <= MARKER_BYTES_MAX, "bad membership length " + membershipLength);
        ByteBuffer rest = readFully(stream, 24L + markerLength, membershipLength + 12);
        byte[] membership = new byte[membershipLength];
        rest.get(membership);
        long versions = rest.getLong();
        int files = rest.getInt();
        check(files >= 0 && files <= FILES_MAX, "bad file count " + files);
        ByteBuffer sizes = readFully(stream, 36L + markerLength + membershipLength, 8 * files);
        List<Long> fileSizes = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            long size = sizes.getLong();
            check(size > 0, "bad file size " + size);
            fileSizes.add(size);
        }
        return new Header(index, marker, membership, fileSizes, versions);
    }

    static long headerLength(Header h) {
        return 36L + h.appliedMarker().length + h.membership().length + 8L * h.fileSizes().size();
    }

    /** Bytes [offset, offset + bytesMax) of the stream made of {@code header} then {@code files}. */
    static SnapshotChunk read(byte[] header, List<Path> files, long offset, int bytesMax) throws IOException {
        long total = header.length;
        for (Path f : files) {
            total += size(f);
        }
        if (offset > total) {
            return null;
        }
        int length = (int) Math.min(bytesMax, total - offset);
        byte[] out = new byte[length];
        int filled = 0;
        if (offset < header.length) {
            int n = (int) Math.min(length, header.length - offset);
            System.arraycopy(header, (int) offset, out, 0, n);
            filled = n;
        }
        long segmentStart = header.length;
        for (Path f : files) {
            long size = size(f);
            long at = offset + filled;
            if (filled < length && at < segmentStart + size) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    ByteBuffer buffer = ByteBuffer.wrap(out, filled, (int) Math.min(length - filled, segmentStart + size - at));
                    while (buffer.hasRemaining()) {
                        int r = ch.read(buffer, at - segmentStart + (buffer.position() - filled));
                        check(r >= 0, "snapshot file " + f + " shrank while being sent");
                    }
                    filled = buffer.position();
                }
            }
            segmentStart += size;
        }
        return new SnapshotChunk(out, offset + length == total);
    }

    /** Splits the staged stream's files out into {@code directory} (emptied first); returns them in order. */
    static List<Path> split(FileChannel stream, Header header, Path directory) throws IOException {
        deleteTree(directory);
        Files.createDirectories(directory);
        List<Path> out = new ArrayList<>();
        long at = headerLength(header);
        long total = at;
        for (long size : header.fileSizes()) {
            total += size;
        }
        check(stream.size() == total, "staged stream holds " + stream.size() + " bytes, header says " + total);
        for (long size : header.fileSizes()) {
            Path file = directory.resolve(String.format("snapshot-%06d.sst", out.size() + 1));
            try (FileChannel target = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long copied = 0;
                while (copied < size) {
                    copied += stream.transferTo(at + copied, size - copied, target);
                }
                target.force(true);
            }
            at += size;
            out.add(file);
        }
        return out;
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            int r = ch.read(b, position + b.position());
            check(r >= 0, "snapshot stream ends inside its header");
        }
        return b.flip();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StorageException("cannot size snapshot file " + file, e);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new StorageException("tablet snapshot stream: " + message);
        }
    }
}

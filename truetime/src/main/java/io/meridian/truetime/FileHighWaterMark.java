package io.meridian.truetime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * A {@link HighWaterMark} in one small file: magic, bound, CRC-32, written to a sibling temporary
 * file, synced, renamed over the old one and the directory synced. A crash leaves either the old or
 * the new bound, never a torn one; a file that fails its checksum stops the node from starting,
 * because issuing timestamps without the bound could repeat ones given out before the crash.
 */
public final class FileHighWaterMark implements HighWaterMark {
    static final int MAGIC = 0x4d48574d; // "MHWM"
    static final int FILE_BYTES = Integer.BYTES + Long.BYTES + Integer.BYTES;

    private final Path file;
    private final Path temporaryFile;
    private long storedMicros;

    public FileHighWaterMark(Path file) {
        this.file = file.toAbsolutePath();
        this.temporaryFile = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized long loadMicros() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clock high-water mark " + file, e);
        }
        storedMicros = decode(bytes, file);
        return storedMicros;
    }

    @Override
    public synchronized void storeMicros(long boundMicros) {
        if (boundMicros <= storedMicros) {
            throw new IllegalArgumentException("high-water mark must grow: stored " + storedMicros + ", asked " + boundMicros);
        }
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temporaryFile, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(encode(boundMicros));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporaryFile, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // The rename is durable only once the directory entry is.
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist clock high-water mark " + boundMicros + " to " + file, e);
        }
        storedMicros = boundMicros;
    }

    static byte[] encode(long boundMicros) {
        ByteBuffer buffer = ByteBuffer.allocate(FILE_BYTES).putInt(MAGIC).putLong(boundMicros);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, Integer.BYTES + Long.BYTES);
        return buffer.putInt((int) crc.getValue()).array();
    }

    static long decode(byte[] bytes, Path file) {
        if (bytes.length != FILE_BYTES) {
            throw new IllegalStateException("clock high-water mark " + file + " has " + bytes.length
                    + " bytes, expected " + FILE_BYTES + "; refusing to start without it");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int magic = buffer.getInt();
        long boundMicros = buffer.getLong();
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, Integer.BYTES + Long.BYTES);
        if (magic != MAGIC || buffer.getInt() != (int) crc.getValue() || boundMicros < 0) {
            throw new IllegalStateException("clock high-water mark " + file
                    + " is corrupt (magic or checksum mismatch); refusing to start without it");
        }
        return boundMicros;
    }
}

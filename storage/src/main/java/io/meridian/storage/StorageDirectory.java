package io.meridian.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Decides, before RocksDB touches a directory, whether it may: a missing or empty directory is
 * created fresh; a directory holding Meridian's column families is opened; anything else is
 * refused with the reason. Storage never starts empty over data it does not recognise.
 */
final class StorageDirectory {
    /**
     * Written (synced) before RocksDB creates anything, so a directory can be recognised without
     * opening it: opening writes files, and a refused directory must stay as it was.
     */
    static final String MARKER_FILE = "MERIDIAN";
    static final String FORMAT = new String(RocksStorage.FORMAT_VALUE, StandardCharsets.UTF_8);

    private StorageDirectory() {
    }

    /** What {@link #inspect} found. */
    enum State {
        /** Missing, empty, or holding only the marker of a creation that did not finish; marker now written. */
        FRESH,
        /** Marked Meridian storage of this format with Meridian's column families. */
        MERIDIAN,
        /**
         * Meridian's column families but no marker file: storage created before the marker file
         * existed. Opened, and adopted only if the format marker inside the database matches.
         */
        UNMARKED
    }

    /** Decides whether the directory may be opened; throws with the reason when it must not. */
    static State inspect(Path directory) {
        if (isFresh(directory)) {
            writeMarker(directory);
            return State.FRESH;
        }
        if (!Files.isDirectory(directory)) {
            throw refuse(directory, "it is not a directory");
        }
        if (!Files.exists(directory.resolve("CURRENT"))) {
            throw refuse(directory, "it is not empty and has no RocksDB CURRENT file, so it is not a Meridian data "
                    + "directory (or its CURRENT file was lost)");
        }
        boolean marked = Files.exists(directory.resolve(MARKER_FILE));
        if (marked) {
            String format = readMarker(directory);
            if (!format.equals(FORMAT)) {
                throw refuse(directory, "its format is '" + format + "', this build reads '" + FORMAT + "'");
            }
        }
        List<String> families = listFamilies(directory);
        if (families.isEmpty()) {
            throw refuse(directory, "its RocksDB manifest lists no column family, not even 'default' (corrupt MANIFEST?)");
        }
        if (!new HashSet<>(families).equals(Set.copyOf(RocksTuning.FAMILIES))) {
            throw refuse(directory, "it is a RocksDB database with column families " + families + ", not Meridian's "
                    + RocksTuning.FAMILIES + (marked ? " (damaged?)" : " (a foreign database?)"));
        }
        return marked ? State.MERIDIAN : State.UNMARKED;
    }

    /** Records, after the database's own format marker was found, that this directory is Meridian's. */
    static void adopt(Path directory) {
        writeMarker(directory);
    }

    private static void writeMarker(Path directory) {
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(directory.resolve(MARKER_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((FORMAT + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try (FileChannel parent = FileChannel.open(directory, StandardOpenOption.READ)) {
                parent.force(true);
            }
        } catch (IOException e) {
            throw new StorageException("cannot create storage directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String readMarker(Path directory) {
        try {
            return Files.readString(directory.resolve(MARKER_FILE), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw refuse(directory, "its " + MARKER_FILE + " file cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<String> listFamilies(Path directory) {
        try (Options options = new Options()) {
            List<String> names = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, directory.toString())) {
                names.add(new String(name, StandardCharsets.UTF_8));
            }
            return names;
        } catch (RocksDBException e) {
            throw refuse(directory, "its RocksDB manifest cannot be read (corrupt or truncated?): " + e.getMessage(), e);
        }
    }

    /** Translates a failed RocksDB open into the reason an operator can act on. */
    static StorageException openFailed(Path directory, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("LOCK") || message.contains("lock")) {
            return refuse(directory, "it is already open (by another process or another instance in this one): " + message, e);
        }
        if (message.contains("Corruption") || message.contains("size mismatch") || message.contains("No such file")) {
            return refuse(directory, "its data is corrupt or files are missing: " + message, e);
        }
        return refuse(directory, message, e);
    }

    static StorageException refuse(Path directory, String reason) {
        return new StorageException("refusing to open storage at " + directory + ": " + reason);
    }

    static StorageException refuse(Path directory, String reason, Throwable cause) {
        return new StorageException("refusing to open storage at " + directory + ": " + reason, cause);
    }

    private static boolean isFresh(Path directory) {
        if (!Files.exists(directory)) {
            return true;
        }
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.allMatch(entry -> entry.getFileName().toString().equals(MARKER_FILE));
        } catch (IOException e) {
            throw new StorageException("cannot list " + directory, e);
        }
    }
}

package io.meridian.server.embedded;

import io.meridian.sql.SqlStateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Embedded databases open in this JVM, by canonical directory. Connections to the same directory
 * share one cluster (RocksDB allows one opener per directory); the last to close shuts it down.
 * A temporary database belongs to one connection and is deleted when it closes.
 */
public final class EmbeddedRegistry {
    private static final Map<Path, Entry> OPEN = new HashMap<>();

    private static final class Entry {
        final EmbeddedCluster cluster;
        int references;

        Entry(EmbeddedCluster cluster) {
            this.cluster = cluster;
        }
    }

    /** A handle on a shared cluster; closing it releases one reference. */
    public record Lease(EmbeddedCluster cluster, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    private EmbeddedRegistry() {
    }

    public static synchronized Lease acquire(Path directory) throws SqlStateException, IOException {
        Path key = directory.toAbsolutePath().normalize();
        Files.createDirectories(key);
        Entry entry = OPEN.get(key);
        if (entry == null) {
            entry = new Entry(new EmbeddedCluster(key));
            OPEN.put(key, entry);
        }
        entry.references++;
        Entry acquired = entry;
        return new Lease(entry.cluster, () -> release(key, acquired));
    }

    public static Lease acquireTemporary() throws SqlStateException, IOException {
        Path directory = Files.createTempDirectory("meridian-embedded-");
        EmbeddedCluster cluster;
        try {
            cluster = new EmbeddedCluster(directory);
        } catch (SqlStateException | RuntimeException e) {
            deleteRecursively(directory);
            throw e;
        }
        return new Lease(cluster, () -> {
            cluster.close();
            deleteRecursively(directory);
        });
    }

    private static synchronized void release(Path key, Entry entry) {
        if (--entry.references == 0) {
            OPEN.remove(key);
            entry.cluster.close();
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temporary database " + directory, e);
        }
    }
}

package io.meridian.console;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Finds a node's SQL address in the cluster.properties that `cluster up` wrote. */
final class ClusterUrl {
    private ClusterUrl() {
    }

    static String of(Path clusterDirectory, String region) throws IOException {
        Path file = clusterDirectory.resolve("cluster.properties");
        if (!Files.exists(file)) {
            throw new IOException("no cluster in " + clusterDirectory.toAbsolutePath() + "; run `bin/meridian cluster up`");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String id : p.getProperty("nodes", "").split(",")) {
            if (region == null || region.equals(p.getProperty("node." + id + ".region"))) {
                return "jdbc:meridian://" + p.getProperty("host") + ":" + p.getProperty("node." + id + ".clientPort")
                        + "/meridian";
            }
        }
        throw new IOException("no node in region " + region + " (see " + file + ")");
    }
}

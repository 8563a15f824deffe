package io.meridian.sqllogictest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds scripts and runs each in a private, temporary embedded database reached through JDBC. */
public final class SuiteRunner {
    /** A fresh in-memory (temporary) database per connection; it is deleted when the connection closes. */
    public static final String EMBEDDED_URL = "jdbc:meridian:embedded:";

    private SuiteRunner() {
    }

    /** The {@code *.test} files under {@code root}, in path order. */
    public static List<Path> scripts(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.getFileName().toString().endsWith(".test")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scripts under " + root, e);
        }
    }

    /** Runs one script; {@code name} is how the report refers to it (usually its path under the root). */
    public static FileResult run(Path script, String name) throws SQLException {
        List<Record> records;
        try {
            records = ScriptParser.parse(name, Files.readAllLines(script, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + script, e);
        }
        try (Connection connection = DriverManager.getConnection(EMBEDDED_URL)) {
            return new ScriptRunner(connection, Deviations.standard()).run(name, records);
        }
    }

    /** Runs every script under {@code root}, each named by its path relative to the root. */
    public static List<FileResult> runAll(Path root) throws SQLException {
        List<FileResult> results = new ArrayList<>();
        for (Path script : scripts(root)) {
            results.add(run(script, nameOf(root, script)));
        }
        return results;
    }

    /** The script's path under {@code root}, with forward slashes on every platform. */
    public static String nameOf(Path root, Path script) {
        return root.relativize(script).toString().replace('\\', '/');
    }
}

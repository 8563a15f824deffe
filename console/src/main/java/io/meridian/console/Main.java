package io.meridian.console;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line behind bin/meridian. */
@Command(name = "meridian", mixinStandardHelpOptions = true, version = "Meridian 0.1.0",
        description = "A Spanner-like distributed SQL database.",
        subcommands = {Main.DemoCommand.class, Main.SqlCommand.class})
public final class Main implements Runnable {
    static final String DEFAULT_DATA_DIR = "data/embedded";

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    static String embeddedUrl(Path data) {
        return "jdbc:meridian:embedded:" + data.toAbsolutePath();
    }

    static PrintStream stdout() {
        return new PrintStream(System.out, true, StandardCharsets.UTF_8);
    }

    @Command(name = "demo", description = "Create a sample schema in the embedded database, load it and run queries.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--data", description = "Data directory of the embedded database (default: ${DEFAULT-VALUE}).")
        Path data = Path.of(DEFAULT_DATA_DIR);

        @Option(names = "--console", description = "Open the SQL console on the database afterwards.")
        boolean console;

        @Option(names = "--cluster", description = "Run against the cluster started in this directory by `cluster up`.")
        Path cluster;

        @Option(names = "--region", description = "With --cluster: connect through a node in this region.")
        String region;

        @Override
        public Integer call() throws Exception {
            PrintStream out = stdout();
            String url;
            java.util.Properties credentials = new java.util.Properties();
            if (cluster != null) {
                url = ClusterUrl.of(cluster, region);
                credentials.setProperty("user", "admin");
                credentials.setProperty("password", "admin");
                out.println("Meridian demo: cluster in " + cluster.toAbsolutePath() + " through " + url
                        + (region == null ? "" : " (" + region + ")"));
            } else {
                url = embeddedUrl(data);
                out.println("Meridian demo: embedded database at " + data.toAbsolutePath()
                        + " (one tablet, a Paxos group of 3 replicas, each with its own RocksDB)");
            }
            try (Connection connection = DriverManager.getConnection(url, credentials)) {
                boolean ok = new Demo(connection, out).run();
                if (console) {
                    new SqlConsole(connection, historyFile(data)).run();
                }
                return ok ? 0 : 1;
            }
        }
    }

    @Command(name = "sql", description = "SQL console, or run statements with -e / -f.")
    static final class SqlCommand implements Callable<Integer> {
        @Option(names = "--url", description = "JDBC URL (default: the embedded database in --data).")
        String url;

        @Option(names = "--data", description = "Data directory of the embedded database (default: ${DEFAULT-VALUE}).")
        Path data = Path.of(DEFAULT_DATA_DIR);

        @Option(names = "--cluster", description = "Connect to the cluster started in this directory by `cluster up`.")
        Path cluster;

        @Option(names = "--region", description = "With --cluster: connect through a node in this region.")
        String region;

        @Option(names = "--user", description = "User for network connections (default: ${DEFAULT-VALUE}).")
        String user = "admin";

        @Option(names = "--password", description = "Password for network connections (default: ${DEFAULT-VALUE}).")
        String password = "admin";

        @Option(names = {"-e", "--execute"}, description = "Run these statements (separated by ';') and exit.")
        String execute;

        @Option(names = {"-f", "--file"}, description = "Run the statements in this file and exit.")
        Path file;

        @Override
        public Integer call() throws Exception {
            String jdbcUrl = url != null ? url : cluster != null ? ClusterUrl.of(cluster, region) : embeddedUrl(data);
            java.util.Properties credentials = new java.util.Properties();
            if (!jdbcUrl.contains("password=")) {
                credentials.setProperty("user", user);
                credentials.setProperty("password", password);
            }
            try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials)) {
                if (execute == null && file == null) {
                    new SqlConsole(connection, historyFile(data)).run();
                    return 0;
                }
                String script = execute != null ? execute : Files.readString(file);
                InputProcessor input = new InputProcessor(connection, stdout());
                for (String line : script.split("\r?\n", -1)) {
                    if (!input.feed(line)) {
                        break;
                    }
                }
                return input.finish() == 0 ? 0 : 1;
            } catch (SQLException e) {
                System.err.println("ERROR [" + e.getSQLState() + "]: " + e.getMessage());
                return 2;
            }
        }
    }

    static Path historyFile(Path data) throws java.io.IOException {
        Files.createDirectories(data);
        return data.resolve(".meridian_history");
    }
}

package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code all} jar (built in the package phase, hence an IT) alone on a child JVM's class
 * path connects to a server and runs a query; Netty and protobuf are relocated, services merged.
 */
class ShadedJarIT {
    static final long CHILD_SECONDS_MAX = 120;

    @TempDir
    Path dir;

    @Test
    void shadedJarAloneConnectsAndQueries() throws Exception {
        Path jar = shadedJar();
        try (JarFile contents = new JarFile(jar.toFile())) {
            assertTrue(contents.stream().anyMatch(e -> e.getName().startsWith("io/meridian/jdbc/shaded/io/netty/")));
            assertTrue(contents.stream().anyMatch(e -> e.getName().startsWith("io/meridian/jdbc/shaded/com/google/protobuf/")));
            assertFalse(contents.stream().anyMatch(e -> e.getName().startsWith("io/netty/")
                    || e.getName().startsWith("com/google/protobuf/")), "unrelocated dependency classes");
            String drivers = new String(contents.getInputStream(contents.getEntry("META-INF/services/java.sql.Driver"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(drivers.contains(MeridianDriver.class.getName()), drivers);
        }
        try (TestServer server = new TestServer(dir.resolve("node"))) {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE planets (name VARCHAR(20) PRIMARY KEY, moons INTEGER)");
                s.execute("INSERT INTO planets VALUES ('earth', 1), ('mars', 2), ('jupiter', 95)");
            }
            Path program = dir.resolve("Check.java");
            Files.writeString(program, """
                    import java.sql.*;
                    public class Check {
                        public static void main(String[] args) throws Exception {
                            // No Class.forName: the driver must register itself through META-INF/services.
                            try (Connection c = DriverManager.getConnection(args[0]);
                                 ResultSet rs = c.createStatement().executeQuery("SELECT SUM(moons) FROM planets")) {
                                rs.next();
                                System.out.println("moons=" + rs.getLong(1) + " driver=" + c.getClass().getName());
                            }
                        }
                    }
                    """);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process child = new ProcessBuilder(java.toString(), "-cp", jar.toString(), program.toString(), server.url)
                    .redirectErrorStream(true).start();
            assertTrue(child.waitFor(CHILD_SECONDS_MAX, TimeUnit.SECONDS), "child JVM did not finish");
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("moons=98 driver=io.meridian.jdbc.MeridianConnection"), output);
        }
    }

    private static Path shadedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("meridian-jdbc-driver-.*-all\\.jar")).toList();
            assertEquals(1, jars.size(), "expected one shaded jar in target/: " + jars);
            return jars.get(0).toAbsolutePath();
        }
    }
}

package io.meridian.sqllogictest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Meridian's own sqllogictest scripts (src/test/resources/meridian): cases for the SQL fixes the
 * corpus drove, in the same format. Every record must pass.
 */
class MeridianScriptsTest {
    @TestFactory
    Stream<DynamicTest> everyRecordPasses() throws URISyntaxException {
        Path root = Path.of(MeridianScriptsTest.class.getResource("/meridian").toURI());
        return SuiteRunner.scripts(root).stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(),
                () -> check(script, SuiteRunner.nameOf(root, script))));
    }

    private static void check(Path script, String name) throws SQLException {
        FileResult result = SuiteRunner.run(script, name);
        assertEquals(0, result.failed(), () -> Report.full(java.util.List.of(result), 50));
    }
}

package io.meridian.sqllogictest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line: {@code SqlLogicTestMain [--failures N] [--report FILE] PATH...}, where each PATH
 * is a script or a folder of scripts. Prints the per-file table; writes the full report.
 */
public final class SqlLogicTestMain {
    private SqlLogicTestMain() {
    }

    public static void main(String[] args) throws Exception {
        int failuresMax = 20;
        Path report = Path.of("target", "sqllogictest", "report.txt");
        List<FileResult> results = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--failures" -> failuresMax = Integer.parseInt(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                default -> {
                    Path path = Path.of(args[i]);
                    if (Files.isDirectory(path)) {
                        results.addAll(SuiteRunner.runAll(path));
                    } else {
                        results.add(SuiteRunner.run(path, path.getFileName().toString()));
                    }
                    System.out.print(Report.table(results));
                }
            }
        }
        Report.write(report, results, failuresMax);
        System.out.println("report: " + report);
        System.exit(0);
    }
}

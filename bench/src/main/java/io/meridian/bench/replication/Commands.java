package io.meridian.bench.replication;

import java.io.File;
import java.util.concurrent.TimeUnit;

/** Runs a script-supplied shell command (a member restart), bounded in time. */
final class Commands {
    static final long SECONDS_MAX = 120;

    private Commands() {
    }

    static void run(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(SECONDS_MAX, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("`" + command + "` still running after " + SECONDS_MAX + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("`" + command + "` exited with " + p.exitValue());
        }
    }
}

package io.meridian.console;

import java.io.PrintStream;
import java.sql.Connection;

/**
 * Turns typed or scripted lines into work: a line starting with a backslash, when no statement is
 * pending, is a console command (\d, \q, ...); other lines accumulate until a ';' completes a
 * statement. The interactive console and -e / -f scripts read the same way.
 */
final class InputProcessor {
    private final StatementRunner runner;
    private final MetaCommands commands;
    private final StringBuilder pending = new StringBuilder();
    private int failures;
    private boolean quit;

    InputProcessor(Connection connection, PrintStream out) {
        this.runner = new StatementRunner(connection, out);
        this.commands = new MetaCommands(connection, out);
    }

    StatementRunner runner() {
        return runner;
    }

    /** True when a statement has started but not yet ended with ';'. */
    boolean hasPending() {
        return pending.length() > 0;
    }

    void clearPending() {
        pending.setLength(0);
    }

    /** Processes one line; false once \q was given. */
    boolean feed(String line) {
        if (!hasPending() && line.strip().startsWith("\\")) {
            MetaCommands.Outcome outcome = commands.handle(line);
            failures += outcome == MetaCommands.Outcome.FAILED ? 1 : 0;
            quit = outcome == MetaCommands.Outcome.QUIT;
            return !quit;
        }
        pending.append(line).append('\n');
        SqlScript.Split split = SqlScript.split(pending.toString());
        for (String statement : split.statements()) {
            failures += runner.run(statement) ? 0 : 1;
        }
        pending.setLength(0);
        pending.append(split.remainder());
        return true;
    }

    /** End of a script: a last statement without ';' still runs. Returns how many steps failed. */
    int finish() {
        if (!quit && !pending.toString().isBlank()) {
            failures += runner.run(pending.toString().strip()) ? 0 : 1;
        }
        pending.setLength(0);
        return failures;
    }
}

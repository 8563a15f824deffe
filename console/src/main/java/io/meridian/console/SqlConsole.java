package io.meridian.console;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The interactive prompt: statements end with ';', may span lines; \q quits, \? helps. */
final class SqlConsole {
    private final Connection connection;
    private final Path historyFile;

    SqlConsole(Connection connection, Path historyFile) {
        this.connection = connection;
        this.historyFile = historyFile;
    }

    void run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal)
                    .variable(LineReader.HISTORY_FILE, historyFile).build();
            PrintStream out = new PrintStream(terminal.output(), true, java.nio.charset.StandardCharsets.UTF_8);
            StatementRunner runner = new StatementRunner(connection, out);
            out.println("Meridian SQL console. End statements with ';'. \\? for help, \\q to quit.");
            StringBuilder pending = new StringBuilder();
            while (true) {
                String line;
                try {
                    line = reader.readLine(pending.length() == 0 ? "meridian> " : "      -> ");
                } catch (UserInterruptException e) {
                    pending.setLength(0);
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                if (pending.length() == 0 && line.strip().startsWith("\\")) {
                    if (!meta(line.strip(), out)) {
                        return;
                    }
                    continue;
                }
                pending.append(line).append('\n');
                SqlScript.Split split = SqlScript.split(pending.toString());
                for (String statement : split.statements()) {
                    runner.run(statement);
                }
                pending.setLength(0);
                pending.append(split.remainder());
            }
        }
    }

    /** Handles a backslash command; false means quit. */
    private static boolean meta(String command, PrintStream out) {
        switch (command) {
            case "\\q", "\\quit" -> {
                return false;
            }
            case "\\?", "\\h", "\\help" -> out.println("""
                    SQL statements end with ';' and may span lines.
                      \\q        quit
                      \\?        this help
                    Ctrl-C clears the statement being typed; Ctrl-D quits.""");
            default -> out.println("unknown command " + command + "; \\? for help");
        }
        return true;
    }
}

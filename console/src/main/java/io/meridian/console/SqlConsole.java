package io.meridian.console;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The interactive prompt: statements end with ';', may span lines; backslash commands in {@link MetaCommands}. */
final class SqlConsole {
    private final Connection connection;
    private final Path historyFile;

    SqlConsole(Connection connection, Path historyFile) {
        this.connection = connection;
        this.historyFile = historyFile;
    }

    void run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            // SQL is taken as typed: no backslash escapes (they would eat \d) and no !-history
            // expansion (it would rewrite "a != b").
            DefaultParser parser = new DefaultParser();
            parser.setEscapeChars(new char[0]);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).parser(parser)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .variable(LineReader.HISTORY_FILE, historyFile).build();
            PrintStream out = new PrintStream(terminal.output(), true, java.nio.charset.StandardCharsets.UTF_8);
            InputProcessor input = new InputProcessor(connection, out);
            // While a statement runs, Ctrl-C cancels it; while a line is read, the reader takes
            // the signal over (clearing the line) and gives it back afterwards.
            terminal.handle(Terminal.Signal.INT, signal -> input.runner().cancelRunning());
            out.println("Meridian SQL console. End statements with ';'. \\? for help, \\q to quit.");
            while (true) {
                String line;
                try {
                    line = reader.readLine(input.hasPending() ? "      -> " : "meridian> ");
                } catch (UserInterruptException e) {
                    input.clearPending();
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                if (!input.feed(line)) {
                    return;
                }
            }
        }
    }
}

package io.meridian.console;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The console's backslash commands. */
final class MetaCommands {
    static final String HELP = """
            SQL statements end with ';' and may span lines.
              \\d          list tables and views
              \\dS         list tables and views, INFORMATION_SCHEMA's included
              \\d NAME     describe a table or view: columns, types, nullability, defaults, keys, indexes
              \\q          quit
              \\?          this help
            EXPLAIN <query>; shows the plan, one operator per line.
            Ctrl-C cancels the running statement, or clears the one being typed; Ctrl-D quits.""";

    /** What the console does after a command; FAILED counts against a script's exit status. */
    enum Outcome { CONTINUE, FAILED, QUIT }

    private final SchemaDescriber describer;
    private final PrintStream out;

    MetaCommands(Connection connection, PrintStream out) {
        this.describer = new SchemaDescriber(connection, out);
        this.out = out;
    }

    Outcome handle(String line) {
        String command = line.strip();
        int space = command.indexOf(' ');
        String verb = (space < 0 ? command : command.substring(0, space)).toLowerCase(Locale.ROOT);
        String argument = space < 0 ? "" : command.substring(space + 1).strip();
        if (argument.endsWith(";")) {
            argument = argument.substring(0, argument.length() - 1).strip();
        }
        try {
            switch (verb) {
                case "\\q", "\\quit" -> {
                    return Outcome.QUIT;
                }
                case "\\?", "\\h", "\\help" -> out.println(HELP);
                case "\\d" -> {
                    if (argument.isEmpty()) {
                        describer.list(false);
                    } else if (!describer.describe(argument)) {
                        return Outcome.FAILED;
                    }
                }
                case "\\ds" -> describer.list(true);
                default -> {
                    out.println("unknown command " + verb + "; \\? for help");
                    return Outcome.FAILED;
                }
            }
        } catch (SQLException e) {
            out.printf(Locale.ROOT, "ERROR [%s]: %s%n", e.getSQLState(), e.getMessage());
            return Outcome.FAILED;
        }
        return Outcome.CONTINUE;
    }
}

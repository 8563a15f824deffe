package io.meridian.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at semicolons outside quotes and comments; a trailing
 * statement without a semicolon is kept as incomplete so the console can ask for more lines.
 */
final class SqlScript {
    /** Complete statements, and the unterminated remainder (blank when none). */
    record Split(List<String> statements, String remainder) {
    }

    private SqlScript() {
    }

    static Split split(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean lineComment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (lineComment) {
                if (c == '\n') {
                    lineComment = false;
                    current.append(c);
                }
                continue;
            }
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                lineComment = true;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                current.append(c);
            } else if (c == ';') {
                if (!current.toString().isBlank()) {
                    statements.add(current.toString().strip());
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return new Split(statements, current.toString().isBlank() ? "" : current.toString());
    }
}

package io.meridian.sqllogictest;

import io.meridian.sqllogictest.Record.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a sqllogictest script into records. The format is line-oriented: records are separated by
 * blank lines, {@code #} starts a comment line, and guard lines ({@code skipif}/{@code onlyif})
 * stand before the record they guard.
 */
public final class ScriptParser {
    static final String RESULT_SEPARATOR = "----";

    private final String name;
    private final List<String> lines;
    private int position;

    private ScriptParser(String name, List<String> lines) {
        this.name = name;
        this.lines = lines;
    }

    /** Parses {@code lines} (without line terminators); {@code name} only labels errors. */
    public static List<Record> parse(String name, List<String> lines) {
        return new ScriptParser(name, lines).records();
    }

    private List<Record> records() {
        List<Record> records = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        while (position < lines.size()) {
            String raw = lines.get(position);
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                // A blank line ends a record; guards never span one in well-formed scripts.
                if (raw.strip().isEmpty()) {
                    conditions = new ArrayList<>();
                }
                position++;
                continue;
            }
            int lineNumber = position + 1;
            String[] words = line.split("\\s+");
            position++;
            switch (words[0]) {
                case "skipif", "onlyif" -> conditions.add(new Condition(words[0].equals("onlyif"), word(words, 1, lineNumber)));
                case "statement" -> {
                    String outcome = word(words, 1, lineNumber);
                    if (!outcome.equals("ok") && !outcome.equals("error")) {
                        throw malformed(lineNumber, "statement must be followed by ok or error, found " + outcome);
                    }
                    records.add(new Record.Statement(lineNumber, List.copyOf(conditions), sqlBody(false), outcome.equals("error")));
                    conditions = new ArrayList<>();
                }
                case "query" -> {
                    records.add(query(words, lineNumber, conditions));
                    conditions = new ArrayList<>();
                }
                case "hash-threshold" -> {
                    records.add(new Record.HashThreshold(lineNumber, List.copyOf(conditions), integer(word(words, 1, lineNumber), lineNumber)));
                    conditions = new ArrayList<>();
                }
                case "halt" -> {
                    records.add(new Record.Halt(lineNumber, List.copyOf(conditions)));
                    conditions = new ArrayList<>();
                }
                default -> throw malformed(lineNumber, "unknown record type \"" + words[0] + "\"");
            }
        }
        return records;
    }

    private Record.Query query(String[] words, int lineNumber, List<Condition> conditions) {
        String types = word(words, 1, lineNumber);
        if (!types.matches("[IRT]+")) {
            throw malformed(lineNumber, "query types must be letters I, R and T, found " + types);
        }
        Record.SortMode sort = Record.SortMode.NOSORT;
        String label = null;
        int next = 2;
        if (words.length > next && Record.SortMode.parse(words[next]) != null) {
            sort = Record.SortMode.parse(words[next]);
            next++;
        }
        if (words.length > next) {
            label = words[next];
        }
        String sql = sqlBody(true);
        List<String> expected = null;
        if (position < lines.size() && lines.get(position).strip().equals(RESULT_SEPARATOR)) {
            position++;
            expected = new ArrayList<>();
            while (position < lines.size() && !lines.get(position).strip().isEmpty()) {
                expected.add(lines.get(position).strip());
                position++;
            }
        }
        return new Record.Query(lineNumber, List.copyOf(conditions), sql, types, sort, label, expected);
    }

    /** SQL lines up to a blank line (or, for a query, the {@code ----} line). */
    private String sqlBody(boolean stopAtSeparator) {
        StringBuilder sql = new StringBuilder();
        while (position < lines.size()) {
            String line = lines.get(position);
            if (line.strip().isEmpty() || (stopAtSeparator && line.strip().equals(RESULT_SEPARATOR))) {
                break;
            }
            sql.append(sql.length() > 0 ? "\n" : "").append(line);
            position++;
        }
        if (sql.length() == 0) {
            throw malformed(position, "record has no SQL");
        }
        return sql.toString();
    }

    /** Guard and control lines may carry a trailing {@code # comment}; a line starting with # is one. */
    private static String stripComment(String line) {
        String s = line.stripLeading();
        if (s.startsWith("#")) {
            return "";
        }
        if (s.startsWith("skipif") || s.startsWith("onlyif") || s.startsWith("hash-threshold") || s.startsWith("halt")) {
            int hash = s.indexOf('#');
            return hash < 0 ? s : s.substring(0, hash);
        }
        return s;
    }

    private String word(String[] words, int index, int lineNumber) {
        if (words.length <= index) {
            throw malformed(lineNumber, "\"" + words[0] + "\" needs an argument");
        }
        return words[index];
    }

    private int integer(String text, int lineNumber) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw malformed(lineNumber, "expected a number, found " + text);
        }
    }

    private IllegalArgumentException malformed(int lineNumber, String message) {
        return new IllegalArgumentException(name + ":" + lineNumber + ": " + message);
    }
}

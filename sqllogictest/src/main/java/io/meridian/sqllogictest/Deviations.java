package io.meridian.sqllogictest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The records where Meridian deliberately differs from SQLite (see {@code deviations.txt}): each
 * rule names a category with its reason, where it applies (script, line, statement) and the one
 * outcome it excuses (a SQLState, or a different result). The runner reports a failure that a
 * rule matches as "differs", with the reason, instead of counting it as a failure.
 */
public final class Deviations {
    public static final String RESOURCE = "/sqllogictest/deviations.txt";
    /** The outcome of a query whose rows differ from the expected ones. */
    public static final String RESULT = "result";
    public static final Deviations NONE = new Deviations(List.of(), Map.of());

    /** One rule; {@code script} and {@code line} null match any, {@code sql} null matches any statement. */
    record Rule(String category, String script, Integer line, String outcome, Pattern sql) {
        boolean matches(String scriptName, int recordLine, String statement, String actualOutcome) {
            return outcome.equals(actualOutcome) && (script == null || script.equals(scriptName))
                    && (line == null || line == recordLine) && (sql == null || sql.matcher(statement.strip()).matches());
        }
    }

    private final List<Rule> rules;
    private final Map<String, String> reasons;

    Deviations(List<Rule> rules, Map<String, String> reasons) {
        this.rules = rules;
        this.reasons = reasons;
    }

    /** The rules shipped with the runner. */
    public static Deviations standard() {
        try (InputStream in = Deviations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Deviations parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("reason ")) {
                int equals = line.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException("deviations line " + (i + 1) + ": reason without '='");
                }
                reasons.put(line.substring("reason ".length(), equals).strip(), line.substring(equals + 1).strip());
                continue;
            }
            String[] parts = line.split("\\s*\\|\\s*", 5);
            if (parts.length != 5) {
                throw new IllegalArgumentException("deviations line " + (i + 1) + ": expected 5 fields separated by |");
            }
            if (!reasons.containsKey(parts[0])) {
                throw new IllegalArgumentException("deviations line " + (i + 1) + ": category " + parts[0]
                        + " has no reason line before it");
            }
            rules.add(new Rule(parts[0], any(parts[1]) ? null : parts[1], any(parts[2]) ? null : Integer.valueOf(parts[2]),
                    parts[3], any(parts[4]) ? null : Pattern.compile(parts[4])));
        }
        return new Deviations(List.copyOf(rules), Map.copyOf(reasons));
    }

    private static boolean any(String field) {
        return field.equals("*");
    }

    /** The category of the rule that excuses this outcome of this record, if any. */
    public Optional<String> match(String script, int line, String sql, String outcome) {
        for (Rule rule : rules) {
            if (rule.matches(script, line, sql, outcome)) {
                return Optional.of(rule.category());
            }
        }
        return Optional.empty();
    }

    public String reason(String category) {
        return reasons.get(category);
    }
}

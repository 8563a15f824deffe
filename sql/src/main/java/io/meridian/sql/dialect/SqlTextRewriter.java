package io.meridian.sql.dialect;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites of statement text for syntax Calcite's grammar lacks, done on tokens (never inside
 * string literals, quoted identifiers or comments) before parsing:
 *
 * <ul>
 *   <li>an empty IN list, {@code x IN ()}, gets a marker element that {@link SqlTreeRewriter} turns
 *       into FALSE (and {@code NOT IN ()} into TRUE): the value of a quantified comparison over an
 *       empty set, NULL operand included, as in SQLite;</li>
 *   <li>{@code REPLACE INTO} (MySQL, SQLite) and {@code INSERT OR REPLACE INTO} (SQLite) become
 *       Meridian's {@code UPSERT INTO}.</li>
 *   <li>{@code EXPLAIN query} (PostgreSQL, MySQL, SQLite) becomes Calcite's {@code EXPLAIN PLAN FOR
 *       query}.</li>
 *   <li>{@code CALL CURRENT_SCHEMA} (and the other session functions; H2 and HSQLDB syntax, which
 *       tools such as Liquibase send to learn the schema) becomes {@code SELECT CURRENT_SCHEMA}.</li>
 * </ul>
 */
public final class SqlTextRewriter {
    /** A quoted identifier no one writes; it only ever stands for "the empty IN list". */
    public static final String EMPTY_LIST_MARKER = "$meridian.empty-in-list$";
    private static final Pattern EXPLAIN = Pattern.compile("(?is)^(\\s*EXPLAIN\\s+)(?!PLAN\\b)");
    private static final Pattern CALL_SESSION_FUNCTION = Pattern.compile(
            "(?is)^(\\s*)CALL(\\s+(?:CURRENT_SCHEMA|CURRENT_USER|SESSION_USER|CURRENT_CATALOG|USER|VERSION\\s*\\(\\s*\\))\\s*)$");
    private static final Pattern REPLACE_INTO = Pattern.compile("(?is)^(\\s*)(?:REPLACE|INSERT\\s+OR\\s+REPLACE)(\\s+INTO\\b)");

    private SqlTextRewriter() {
    }

    public static String rewrite(String sql) {
        return emptyInLists(replaceInto(explain(callSessionFunction(sql))));
    }

    private static String callSessionFunction(String sql) {
        Matcher m = CALL_SESSION_FUNCTION.matcher(sql);
        return m.matches() ? m.group(1) + "SELECT" + m.group(2) : sql;
    }

    private static String explain(String sql) {
        Matcher m = EXPLAIN.matcher(sql);
        return m.find() ? m.group(1) + "PLAN FOR " + sql.substring(m.end()) : sql;
    }

    private static String replaceInto(String sql) {
        Matcher m = REPLACE_INTO.matcher(sql);
        return m.find() ? m.group(1) + "UPSERT" + m.group(2) + sql.substring(m.end()) : sql;
    }

    /** Inserts the marker into every {@code IN ( )} outside literals and comments. */
    static String emptyInLists(String sql) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = skipTo(sql, i, "\n");
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipTo(sql, i + 2, "*/");
            } else if ((c == 'i' || c == 'I') && isWordStart(sql, i) && i + 1 < n
                    && sql.substring(i, i + 2).toUpperCase(Locale.ROOT).equals("IN")
                    && (i + 2 == n || !isWordChar(sql.charAt(i + 2)))) {
                int open = skipSpace(sql, i + 2);
                if (open < n && sql.charAt(open) == '(') {
                    int close = skipSpace(sql, open + 1);
                    if (close < n && sql.charAt(close) == ')') {
                        if (out == null) {
                            out = new StringBuilder(sql.length() + EMPTY_LIST_MARKER.length() + 2);
                        }
                        out.append(sql, copied, open + 1).append('"').append(EMPTY_LIST_MARKER).append('"');
                        copied = close;
                        i = close;
                        continue;
                    }
                }
                i += 2;
            } else {
                i++;
            }
        }
        if (out == null) {
            return sql;
        }
        return out.append(sql, copied, n).toString();
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    private static int skipTo(String sql, int from, String end) {
        int at = sql.indexOf(end, from);
        return at < 0 ? sql.length() : at + end.length();
    }

    private static int skipSpace(String sql, int from) {
        int i = from;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWordStart(String sql, int i) {
        return i == 0 || !isWordChar(sql.charAt(i - 1));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}

package io.meridian.sql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session settings a client may change with SQL, PostgreSQL-style:
 * <ul>
 *   <li>{@code SET statement_timeout = 5000} (milliseconds; also {@code '5s'}, {@code '2min'},
 *       {@code TO}, {@code DEFAULT}; 0 means none), {@code SHOW statement_timeout};</li>
 *   <li>{@code SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY} / {@code READ WRITE},
 *       {@code SHOW transaction_read_only}.</li>
 * </ul>
 */
final class SessionSettings {
    static final String STATEMENT_TIMEOUT = "statement_timeout";
    static final String TRANSACTION_READ_ONLY = "transaction_read_only";

    private static final Pattern SET = Pattern.compile("(?is)SET\\s+(?:SESSION\\s+)?([a-z_]+)\\s*(?:=|\\s+TO\\s)\\s*(.+)");
    private static final Pattern SHOW = Pattern.compile("(?is)SHOW\\s+([a-z_]+)");
    private static final Pattern CHARACTERISTICS = Pattern.compile(
            "(?is)SET\\s+SESSION\\s+CHARACTERISTICS\\s+AS\\s+TRANSACTION\\s+READ\\s+(ONLY|WRITE)");
    private static final Pattern DURATION = Pattern.compile("(?i)(\\d+)\\s*(ms|s|min)?");

    /** A parsed SET (value non-null) or SHOW (value null). */
    record Command(String name, String value) {
        boolean isShow() {
            return value == null;
        }
    }

    private SessionSettings() {
    }

    /** The command, or null when the statement is not a SET/SHOW of a session setting. */
    static Command parse(String statement) throws SqlStateException {
        Matcher m = CHARACTERISTICS.matcher(statement);
        if (m.matches()) {
            return new Command(TRANSACTION_READ_ONLY, m.group(1).equalsIgnoreCase("ONLY") ? "on" : "off");
        }
        m = SET.matcher(statement);
        if (m.matches()) {
            return new Command(known(m.group(1)), unquote(m.group(2).strip()));
        }
        m = SHOW.matcher(statement);
        if (m.matches()) {
            return new Command(known(m.group(1)), null);
        }
        return null;
    }

    private static String known(String name) throws SqlStateException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals(STATEMENT_TIMEOUT) || lower.equals(TRANSACTION_READ_ONLY)) {
            return lower;
        }
        throw new SqlStateException("42704", "unrecognized configuration parameter \"" + name + "\"; known: "
                + STATEMENT_TIMEOUT + ", " + TRANSACTION_READ_ONLY);
    }

    /** Milliseconds from "5000", "5000ms", "5s", "2min" or DEFAULT (0). */
    static long timeoutMillis(String value) throws SqlStateException {
        if (value.equalsIgnoreCase("DEFAULT")) {
            return 0;
        }
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new SqlStateException("22023", "invalid value for " + STATEMENT_TIMEOUT + ": \"" + value
                    + "\"; use milliseconds, or a number with ms, s or min");
        }
        try {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
            return switch (unit) {
                case "s" -> Math.multiplyExact(amount, 1_000L);
                case "min" -> Math.multiplyExact(amount, 60_000L);
                default -> amount;
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new SqlStateException("22023", "value for " + STATEMENT_TIMEOUT + " out of range: \"" + value + "\"");
        }
    }

    static boolean onOff(String value) throws SqlStateException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "1" -> true;
            case "off", "false", "0", "default" -> false;
            default -> throw new SqlStateException("22023", "invalid value for " + TRANSACTION_READ_ONLY + ": \"" + value
                    + "\"; use on or off");
        };
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}

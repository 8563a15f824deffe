package io.meridian.sqllogictest;

import java.util.List;

/** One record of a sqllogictest script, with the line it starts on and its skipif/onlyif guards. */
public sealed interface Record {
    int line();

    List<Condition> conditions();

    /** {@code skipif ENGINE} (onlyIf false) or {@code onlyif ENGINE} (onlyIf true). */
    record Condition(boolean onlyIf, String engine) {
        /** Whether a record guarded by this condition runs on {@code ourEngine}. */
        boolean allows(String ourEngine) {
            return onlyIf == engine.equalsIgnoreCase(ourEngine);
        }
    }

    /** {@code statement ok} or {@code statement error}. */
    record Statement(int line, List<Condition> conditions, String sql, boolean expectError) implements Record {
    }

    /**
     * {@code query <types> [sort] [label]}. {@code expected} holds the lines after {@code ----}
     * (one value per line, or one hash line); null when the record has no {@code ----}.
     */
    record Query(int line, List<Condition> conditions, String sql, String types, SortMode sort, String label,
            List<String> expected) implements Record {
    }

    /** {@code hash-threshold N}: results with more than N values are compared by hash. */
    record HashThreshold(int line, List<Condition> conditions, int threshold) implements Record {
    }

    /** {@code halt}: the rest of the script is not run. */
    record Halt(int line, List<Condition> conditions) implements Record {
    }

    /** How a query's values are ordered before they are compared. */
    enum SortMode {
        NOSORT, ROWSORT, VALUESORT;

        static SortMode parse(String word) {
            return switch (word) {
                case "nosort" -> NOSORT;
                case "rowsort" -> ROWSORT;
                case "valuesort" -> VALUESORT;
                default -> null;
            };
        }
    }
}

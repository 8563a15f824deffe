package io.meridian.sql.plan;

import org.apache.calcite.DataContext;

/**
 * A statement's parameter values as a plan's context holds them, under Calcite's names "?0",
 * "?1", ...; the names of the first parameters are made once, not per execution.
 */
final class Parameters {
    private static final String[] NAMES = new String[64];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = "?" + i;
        }
    }

    private Parameters() {
    }

    static Object value(DataContext context, int index) {
        return context.get(index < NAMES.length ? NAMES[index] : "?" + index);
    }
}

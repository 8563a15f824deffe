package io.meridian.sql.plan;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.calcite.SqlStateRuntimeException;
import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * The rows a scan may stop after: a LIMIT (plus its OFFSET, which the gateway still skips) whose
 * values are literals or statement parameters, resolved per execution.
 */
record ScanLimit(long offset, int offsetParam, long fetch, int fetchParam) {
    /** The limit of {@code OFFSET offset FETCH fetch}, or null when either is another expression. */
    static ScanLimit of(RexNode offset, RexNode fetch) {
        if (fetch == null) {
            return null;
        }
        long[] offsetValue = value(offset);
        long[] fetchValue = value(fetch);
        if (offsetValue == null || fetchValue == null) {
            return null;
        }
        return new ScanLimit(offsetValue[0], (int) offsetValue[1], fetchValue[0], (int) fetchValue[1]);
    }

    /** {value, -1} of a literal, {0, index} of a parameter, {0, -1} of null (no offset); null otherwise. */
    private static long[] value(RexNode node) {
        if (node == null) {
            return new long[] {0, -1};
        }
        if (node instanceof RexLiteral literal && literal.getValueAs(Long.class) != null) {
            return new long[] {literal.getValueAs(Long.class), -1};
        }
        if (node instanceof RexDynamicParam param) {
            return new long[] {0, param.getIndex()};
        }
        return null;
    }

    static ScanLimit rows(long rows) {
        return new ScanLimit(0, -1, rows, -1);
    }

    /** The rows to read at most: offset + fetch, saturating. */
    long rowsMax(DataContext context) {
        long skip = resolve(offset, offsetParam, context);
        long take = resolve(fetch, fetchParam, context);
        return skip > Long.MAX_VALUE - take ? Long.MAX_VALUE : skip + take;
    }

    private static long resolve(long constant, int param, DataContext context) {
        if (param < 0) {
            return constant;
        }
        Object value = Parameters.value(context, param);
        if (!(value instanceof Number number) || number.longValue() < 0) {
            throw new SqlStateRuntimeException(new SqlStateException(SqlStates.DATA_EXCEPTION,
                    "LIMIT and OFFSET parameters must be non-negative integers, got " + value));
        }
        return number.longValue();
    }

    /** The estimate the planner uses: the literal total, or a guess for parameters. */
    double estimate() {
        return offsetParam < 0 && fetchParam < 0 ? (double) offset + fetch : 100;
    }

    String describe() {
        String take = fetchParam < 0 ? Long.toString(fetch) : "?" + fetchParam;
        if (offsetParam < 0 && offset == 0) {
            return take;
        }
        return (offsetParam < 0 ? Long.toString(offset) : "?" + offsetParam) + "+" + take;
    }
}

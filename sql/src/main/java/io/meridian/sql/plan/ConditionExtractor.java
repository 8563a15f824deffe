package io.meridian.sql.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Reads a filter condition as per-column {@link ValueCondition}s. Only comparisons of a bare
 * column (no CAST: a cast changes what is compared) with a literal or a parameter of a type the
 * column's domain accepts count; AND intersects, OR unites when every branch constrains the same
 * column, anything else constrains nothing. The result allows every row the condition accepts.
 */
final class ConditionExtractor {
    private ConditionExtractor() {
    }

    /**
     * The conditions by input field; {@code domainOf} gives a field's domain, or null when the
     * field is no key column worth constraining.
     */
    static Map<Integer, ValueCondition> extract(RexBuilder rexBuilder, RexNode condition, IntFunction<ColumnDomain> domainOf) {
        RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
        return visit(expanded, domainOf);
    }

    private static Map<Integer, ValueCondition> visit(RexNode node, IntFunction<ColumnDomain> domainOf) {
        if (!(node instanceof RexCall call)) {
            return Map.of();
        }
        switch (call.getKind()) {
            case AND -> {
                Map<Integer, List<ValueCondition>> byField = new HashMap<>();
                for (RexNode operand : call.getOperands()) {
                    visit(operand, domainOf).forEach((field, c) -> byField.computeIfAbsent(field, f -> new ArrayList<>()).add(c));
                }
                Map<Integer, ValueCondition> out = new HashMap<>();
                byField.forEach((field, parts) -> out.put(field, parts.size() == 1 ? parts.get(0)
                        : new ValueCondition.AllOf(List.copyOf(parts))));
                return out;
            }
            case OR -> {
                Map<Integer, List<ValueCondition>> byField = null;
                for (RexNode operand : call.getOperands()) {
                    Map<Integer, ValueCondition> branch = visit(operand, domainOf);
                    if (byField == null) {
                        byField = new HashMap<>();
                        for (Map.Entry<Integer, ValueCondition> e : branch.entrySet()) {
                            byField.put(e.getKey(), new ArrayList<>(List.of(e.getValue())));
                        }
                    } else {
                        byField.keySet().retainAll(branch.keySet());
                        byField.forEach((field, parts) -> parts.add(branch.get(field)));
                    }
                }
                Map<Integer, ValueCondition> out = new HashMap<>();
                if (byField != null) {
                    byField.forEach((field, parts) -> out.put(field, new ValueCondition.AnyOf(List.copyOf(parts))));
                }
                return out;
            }
            case EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                return comparison(call, domainOf);
            }
            default -> {
                return Map.of();
            }
        }
    }

    /**
     * The column under a CAST that keeps every value of an integer column exactly (to a wider
     * integer, or to a DECIMAL with room for all its digits, as Calcite writes {@code id < 4.5});
     * any other expression unchanged.
     */
    private static RexNode exactCastOperand(RexNode node, IntFunction<ColumnDomain> domainOf) {
        if (node.getKind() != SqlKind.CAST || !(((RexCall) node).getOperands().get(0) instanceof RexInputRef ref)) {
            return node;
        }
        if (domainOf.apply(ref.getIndex()) != ColumnDomain.INTEGRAL) {
            return node;
        }
        int digits = integerDigits(ref.getType().getSqlTypeName());
        RelDataType target = node.getType();
        boolean exact = switch (target.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> integerDigits(target.getSqlTypeName()) >= digits;
            case DECIMAL -> target.getPrecision() - target.getScale() >= digits;
            default -> false;
        };
        return exact ? ref : node;
    }

    private static int integerDigits(SqlTypeName type) {
        return switch (type) {
            case TINYINT -> 3;
            case SMALLINT -> 5;
            case INTEGER -> 10;
            case BIGINT -> 19;
            default -> Integer.MAX_VALUE;
        };
    }

    private static Map<Integer, ValueCondition> comparison(RexCall call, IntFunction<ColumnDomain> domainOf) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        SqlKind kind = call.getKind();
        left = exactCastOperand(left, domainOf);
        right = exactCastOperand(right, domainOf);
        if (!(left instanceof RexInputRef) && right instanceof RexInputRef) {
            RexNode swap = left;
            left = right;
            right = swap;
            kind = kind.reverse();
        }
        if (!(left instanceof RexInputRef ref)) {
            return Map.of();
        }
        ColumnDomain domain = domainOf.apply(ref.getIndex());
        if (domain == null || !domain.accepts(right.getType())) {
            return Map.of();
        }
        ValueCondition.Operand operand;
        if (right instanceof RexDynamicParam param) {
            operand = ValueCondition.Operand.parameter(param.getIndex());
        } else if (right instanceof RexLiteral literal) {
            if (literal.isNull()) {
                operand = ValueCondition.Operand.literal(null);
            } else {
                Comparable<?> value = domain.valueOf(literal.getValue());
                if (value == null) {
                    return Map.of();
                }
                operand = ValueCondition.Operand.literal(value);
            }
        } else {
            return Map.of();
        }
        return Map.of(ref.getIndex(), new ValueCondition.Compare(kind, operand));
    }
}

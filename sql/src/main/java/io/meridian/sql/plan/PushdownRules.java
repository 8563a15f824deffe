package io.meridian.sql.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptRuleOperand;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Rules that move a LIMIT or an aggregate into a {@link MeridianScan}, through a projection that
 * only picks fields and through a filter, which the scan then applies itself:
 * <ul>
 *   <li>LIMIT n [OFFSET m], unordered or in the order the scan delivers (key order): the scan
 *       stops after m + n rows and its transaction locks only the keys up to the last one read;
 *       in the exact reverse of key order ({@code ORDER BY id DESC}): a reverse scan that stops
 *       alike and locks from the last row read up to the end of its range;</li>
 *   <li>ORDER BY in the exact reverse of key order without a LIMIT: a reverse scan, no sort;</li>
 *   <li>COUNT, SUM, MIN, MAX (AVG arrives as SUM and COUNT), with or without GROUP BY: each
 *       tablet piece of the scan computes partial aggregates next to its data and a final
 *       Aggregate at the gateway combines them (see {@link PartialAggregate} for which types);</li>
 *   <li>MIN of the leading key column: a scan that stops after one row; MAX: a reverse scan that
 *       stops after one row.</li>
 * </ul>
 */
public final class PushdownRules {
    private static final List<RelOptRule> RULES = rules();

    private PushdownRules() {
    }

    public static void register(RelOptPlanner planner) {
        RULES.forEach(planner::addRule);
    }

    private static List<RelOptRule> rules() {
        List<RelOptRule> out = new ArrayList<>();
        for (boolean project : new boolean[] {false, true}) {
            for (boolean filter : new boolean[] {false, true}) {
                out.add(new LimitIntoScan(project, filter));
                out.add(new AggregateIntoScan(project, filter));
            }
        }
        return List.copyOf(out);
    }

    /** Matches {@code top [Project of fields] [Filter] MeridianScan}; subclasses say what moves into the scan. */
    @SuppressWarnings("deprecation")
    private abstract static class IntoScan extends RelOptRule {
        private final boolean withProject;
        private final boolean withFilter;

        IntoScan(Class<? extends RelNode> top, boolean withProject, boolean withFilter, String name) {
            super(chain(top, withProject, withFilter), name + (withProject ? "ThroughProject" : "")
                    + (withFilter ? "ThroughFilter" : ""));
            this.withProject = withProject;
            this.withFilter = withFilter;
        }

        private static RelOptRuleOperand chain(Class<? extends RelNode> top, boolean withProject, boolean withFilter) {
            RelOptRuleOperand operand = operand(MeridianScan.class, none());
            if (withFilter) {
                operand = operand(LogicalFilter.class, operand);
            }
            if (withProject) {
                operand = operand(LogicalProject.class, operand);
            }
            return operand(top, operand);
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            int next = 1;
            LogicalProject project = withProject ? call.rel(next++) : null;
            LogicalFilter filter = withFilter ? call.rel(next++) : null;
            MeridianScan scan = call.rel(next);
            if (!scan.plain() || (filter != null && !ScanFilter.evaluable(filter.getCondition()))) {
                return;
            }
            int[] scanField;
            if (project == null) {
                scanField = ImmutableBitSet.range(scan.getRowType().getFieldCount()).toArray();
            } else {
                List<RexNode> projects = project.getProjects();
                scanField = new int[projects.size()];
                for (int i = 0; i < scanField.length; i++) {
                    if (!(projects.get(i) instanceof RexInputRef ref)) {
                        return; // a computed field: the scan cannot return it
                    }
                    scanField[i] = ref.getIndex();
                }
            }
            apply(call, call.rel(0), project, filter == null ? null : filter.getCondition(), scan, scanField);
        }

        /** {@code scanField[i]}: the scan field behind field i of the top node's input. */
        abstract void apply(RelOptRuleCall call, RelNode top, LogicalProject project, RexNode condition, MeridianScan scan,
                int[] scanField);

        static RelNode above(LogicalProject project, MeridianScan scan) {
            return project == null ? scan
                    : project.copy(ScanRules.projectTraits(project, scan, project.getProjects()), List.of(scan));
        }
    }

    /** LIMIT (with OFFSET) unordered or in the scan's order or its reverse; a sort in the reverse of its order. */
    private static final class LimitIntoScan extends IntoScan {
        LimitIntoScan(boolean withProject, boolean withFilter) {
            super(LogicalSort.class, withProject, withFilter, "MeridianLimitIntoScan");
        }

        @Override
        void apply(RelOptRuleCall call, RelNode top, LogicalProject project, RexNode condition, MeridianScan scan,
                int[] scanField) {
            LogicalSort sort = (LogicalSort) top;
            ScanLimit limit = ScanLimit.of(sort.offset, sort.fetch);
            MeridianScan pushed;
            if (limit != null && deliversOrder(scan, sort.getCollation(), scanField, false)) {
                pushed = scan.withLimit(condition, limit);
            } else if (!sort.getCollation().getFieldCollations().isEmpty()
                    && deliversOrder(scan, sort.getCollation(), scanField, true)) {
                // Without a limit too: reading backwards costs what reading forwards does, minus the sort.
                pushed = scan.reversed(condition, limit);
            } else {
                return;
            }
            RelNode input = above(project, pushed);
            call.transformTo(sort.copy(sort.getTraitSet(), input, sort.getCollation(), sort.offset, sort.fetch));
        }
    }

    /**
     * Whether the scan returns rows in {@code wanted} order: its key order starts with it; or, with
     * {@code backwards}, its key order read in reverse does (directions and NULL placement flipped).
     */
    static boolean deliversOrder(MeridianScan scan, RelCollation wanted, int[] scanField, boolean backwards) {
        RelCollation have = scan.getTraitSet().getCollation();
        List<RelFieldCollation> haveFields = have == null ? List.of() : have.getFieldCollations();
        List<RelFieldCollation> wantedFields = wanted.getFieldCollations();
        if (wantedFields.size() > haveFields.size()) {
            return false;
        }
        for (int i = 0; i < wantedFields.size(); i++) {
            RelFieldCollation w = wantedFields.get(i);
            RelFieldCollation h = backwards ? MeridianScan.backwards(haveFields.get(i)) : haveFields.get(i);
            if (scanField[w.getFieldIndex()] != h.getFieldIndex() || w.getDirection() != h.getDirection()
                    || w.nullDirection != h.nullDirection) {
                return false;
            }
        }
        return true;
    }

    /**
     * An aggregate: partial aggregates per tablet piece, or MIN (MAX) of the leading key column as
     * a one-row scan (reverse scan).
     */
    private static final class AggregateIntoScan extends IntoScan {
        AggregateIntoScan(boolean withProject, boolean withFilter) {
            super(LogicalAggregate.class, withProject, withFilter, "MeridianAggregateIntoScan");
        }

        @Override
        void apply(RelOptRuleCall call, RelNode top, LogicalProject project, RexNode condition, MeridianScan scan,
                int[] scanField) {
            LogicalAggregate aggregate = (LogicalAggregate) top;
            if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
                return;
            }
            FirstRow extreme = extremeOfLeadingKey(aggregate, scan, scanField);
            if (extreme != null) {
                // MIN and MAX skip NULLs: the first non-NULL row in key order (or its reverse) holds the answer.
                RexBuilder rex = scan.getCluster().getRexBuilder();
                int field = scanField[aggregate.getAggCallList().get(0).getArgList().get(0)];
                RexNode notNull = rex.makeCall(SqlStdOperatorTable.IS_NOT_NULL, rex.makeInputRef(scan, field));
                RexNode first = RexUtil.composeConjunction(rex, condition == null ? List.of(notNull) : List.of(condition, notNull));
                MeridianScan oneRow = extreme == FirstRow.BACKWARD ? scan.reversed(first, ScanLimit.rows(1))
                        : scan.withLimit(first, ScanLimit.rows(1));
                RelNode input = above(project, oneRow);
                call.transformTo(aggregate.copy(aggregate.getTraitSet(), List.of(input)));
            }
            if (scan.path().kind() == AccessPath.Kind.INDEX && !scan.path().covering()) {
                return; // the rows are elsewhere: a tablet folding index entries cannot read them
            }
            PartialAggregate partial = partial(aggregate, scan, scanField);
            if (partial == null) {
                return;
            }
            int groups = partial.groupFields().size();
            List<AggregateCall> finals = new ArrayList<>();
            for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
                AggregateCall original = aggregate.getAggCallList().get(i);
                SqlAggFunction combine = switch (partial.calls().get(i).kind()) {
                    case COUNT_STAR, COUNT -> SqlStdOperatorTable.SUM0;
                    case SUM -> SqlStdOperatorTable.SUM;
                    case SUM0 -> SqlStdOperatorTable.SUM0;
                    case MIN -> SqlStdOperatorTable.MIN;
                    case MAX -> SqlStdOperatorTable.MAX;
                };
                finals.add(AggregateCall.create(combine, false, false, false, List.of(), List.of(groups + i), -1, null,
                        RelCollations.EMPTY, original.getType(), original.getName()));
            }
            MeridianScan pushed = scan.withAggregate(condition, partial);
            call.transformTo(LogicalAggregate.create(pushed, List.of(), ImmutableBitSet.range(groups), null, finals));
        }

        /** The partial aggregate computing this aggregate's calls, or null when one of them cannot be split exactly. */
        private static PartialAggregate partial(LogicalAggregate aggregate, MeridianScan scan, int[] scanField) {
            RelDataType fieldRow = scan.fieldRowType();
            RelDataTypeFactory.Builder rowType = scan.getCluster().getTypeFactory().builder();
            List<Integer> groupFields = new ArrayList<>();
            for (int group : aggregate.getGroupSet()) {
                groupFields.add(scanField[group]);
                rowType.add(fieldRow.getFieldList().get(scanField[group]));
            }
            List<PartialAggregate.Call> calls = new ArrayList<>();
            boolean decimalSums = false;
            for (AggregateCall c : aggregate.getAggCallList()) {
                if (c.isDistinct() || c.isApproximate() || c.filterArg >= 0 || c.getArgList().size() > 1
                        || !c.getCollation().getFieldCollations().isEmpty()) {
                    return null;
                }
                int field = c.getArgList().isEmpty() ? -1 : scanField[c.getArgList().get(0)];
                SqlTypeName argType = field < 0 ? null : fieldRow.getFieldList().get(field).getType().getSqlTypeName();
                PartialAggregate.Kind kind = switch (c.getAggregation().getKind()) {
                    case COUNT -> field < 0 ? PartialAggregate.Kind.COUNT_STAR : PartialAggregate.Kind.COUNT;
                    case SUM -> field >= 0 && PartialAggregate.sumExact(argType) ? PartialAggregate.Kind.SUM : null;
                    case SUM0 -> field >= 0 && PartialAggregate.sumExact(argType) ? PartialAggregate.Kind.SUM0 : null;
                    case MIN -> field >= 0 && PartialAggregate.orderExact(argType) ? PartialAggregate.Kind.MIN : null;
                    case MAX -> field >= 0 && PartialAggregate.orderExact(argType) ? PartialAggregate.Kind.MAX : null;
                    default -> null;
                };
                if (kind == null) {
                    return null;
                }
                calls.add(new PartialAggregate.Call(kind, field));
                decimalSums |= kind == PartialAggregate.Kind.SUM0 && argType == SqlTypeName.DECIMAL;
                rowType.add("$P" + calls.size(), c.getType());
            }
            if (decimalSums && calls.stream().anyMatch(c -> c.kind() == PartialAggregate.Kind.SUM0
                    && fieldRow.getFieldList().get(c.field()).getType().getSqlTypeName() != SqlTypeName.DECIMAL)) {
                return null; // SUM0 of decimals and of integers in one aggregate: rare, left to the gateway
            }
            return new PartialAggregate(groupFields, calls, rowType.build(), decimalSums);
        }

        /**
         * What answers {@code SELECT MIN(k)} or {@code SELECT MAX(k)}, k the first column of the
         * scan's order: the first row of a forward scan ({@code FORWARD}) or of a reverse scan
         * ({@code BACKWARD}); null for any other aggregate.
         */
        private static FirstRow extremeOfLeadingKey(LogicalAggregate aggregate, MeridianScan scan, int[] scanField) {
            if (!aggregate.getGroupSet().isEmpty() || aggregate.getAggCallList().size() != 1) {
                return null;
            }
            AggregateCall c = aggregate.getAggCallList().get(0);
            SqlKind kind = c.getAggregation().getKind();
            if ((kind != SqlKind.MIN && kind != SqlKind.MAX) || c.isDistinct() || c.filterArg >= 0
                    || c.getArgList().size() != 1) {
                return null;
            }
            int field = scanField[c.getArgList().get(0)];
            RelCollation have = scan.getTraitSet().getCollation();
            if (have == null || have.getFieldCollations().isEmpty() || have.getFieldCollations().get(0).getFieldIndex() != field) {
                return null;
            }
            boolean ascending = have.getFieldCollations().get(0).getDirection() == RelFieldCollation.Direction.ASCENDING;
            return (kind == SqlKind.MIN) == ascending ? FirstRow.FORWARD : FirstRow.BACKWARD;
        }

        /** Which scan's first row holds a MIN or MAX. */
        private enum FirstRow { FORWARD, BACKWARD }
    }
}

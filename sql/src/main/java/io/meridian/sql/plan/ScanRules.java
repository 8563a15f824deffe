package io.meridian.sql.plan;

import io.meridian.sql.catalog.TableDef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelMdCollation;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Planner rules that push work into a {@link MeridianScan}: a filter's key conditions choose
 * the access path (the filter itself stays, see MeridianScan), and a projection (with or without
 * a filter between) narrows the fields the scan returns, which can make an index covering.
 */
public final class ScanRules {
    public static final RelOptRule FILTER = new FilterIntoScan();
    public static final RelOptRule PROJECT = new ProjectIntoScan();
    public static final RelOptRule PROJECT_FILTER = new ProjectFilterIntoScan();

    private ScanRules() {
    }

    public static void register(RelOptPlanner planner) {
        planner.addRule(FILTER);
        planner.addRule(PROJECT);
        planner.addRule(PROJECT_FILTER);
        PushdownRules.register(planner);
    }

    /** Filter on a full scan: the scan over the ranges of the cheapest access path. */
    @SuppressWarnings("deprecation")
    private static final class FilterIntoScan extends RelOptRule {
        FilterIntoScan() {
            super(operand(Filter.class, operand(MeridianScan.class, none())), "MeridianFilterIntoScan");
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Filter filter = call.rel(0);
            MeridianScan scan = call.rel(1);
            if (scan.path().kind() != AccessPath.Kind.FULL || !scan.plain()) {
                return;
            }
            TableDef def = scan.meridianTable().definition();
            Map<Integer, ValueCondition> byField = ConditionExtractor.extract(filter.getCluster().getRexBuilder(),
                    filter.getCondition(), field -> {
                        int column = scan.columnOfTableField(scan.tableField(field));
                        return column < 0 ? null : ColumnDomain.of(def.columns().get(column));
                    });
            Map<Integer, ValueCondition> byColumn = new HashMap<>();
            byField.forEach((field, condition) -> byColumn.put(scan.columnOfTableField(scan.tableField(field)), condition));
            AccessPath path = AccessPathChooser.choose(def, byColumn, scan.neededColumns(), scan.path().rows());
            if (path.kind() == AccessPath.Kind.FULL) {
                return;
            }
            MeridianScan narrowed = scan.withPath(path);
            call.transformTo(filter.copy(filterTraits(filter, narrowed), narrowed, filter.getCondition()));
        }
    }

    /** Project on a scan returning every field: the scan returns only the fields used. */
    @SuppressWarnings("deprecation")
    private static final class ProjectIntoScan extends RelOptRule {
        ProjectIntoScan() {
            super(operand(Project.class, operand(MeridianScan.class, none())), "MeridianProjectIntoScan");
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Project project = call.rel(0);
            MeridianScan scan = call.rel(1);
            if (scan.fields() != null || !scan.plain()) {
                return;
            }
            ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
            int[] fields = used.toArray();
            if (fields.length == 0 || fields.length == scan.getRowType().getFieldCount()) {
                return;
            }
            MeridianScan narrowed = narrow(scan, fields);
            List<RexNode> projects = remap(project.getProjects(), fields);
            call.transformTo(project.copy(projectTraits(project, narrowed, projects), narrowed, projects, project.getRowType()));
        }
    }

    /** Project on a filter on a scan returning every field: the scan returns what either uses. */
    @SuppressWarnings("deprecation")
    private static final class ProjectFilterIntoScan extends RelOptRule {
        ProjectFilterIntoScan() {
            super(operand(Project.class, operand(Filter.class, operand(MeridianScan.class, none()))),
                    "MeridianProjectFilterIntoScan");
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Project project = call.rel(0);
            Filter filter = call.rel(1);
            MeridianScan scan = call.rel(2);
            if (scan.fields() != null || !scan.plain()) {
                return;
            }
            ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), filter.getCondition());
            int[] fields = used.toArray();
            if (fields.length == 0 || fields.length == scan.getRowType().getFieldCount()) {
                return;
            }
            MeridianScan narrowed = narrow(scan, fields);
            RexNode condition = remap(List.of(filter.getCondition()), fields).get(0);
            Filter newFilter = filter.copy(filterTraits(filter, narrowed), narrowed, condition);
            List<RexNode> projects = remap(project.getProjects(), fields);
            call.transformTo(project.copy(projectTraits(project, newFilter, projects), newFilter, projects, project.getRowType()));
        }
    }

    /**
     * A filter's traits over a new input: the order the new input delivers, which a filter keeps.
     * Not the old input's: a narrower or reversed scan orders its rows differently.
     */
    static RelTraitSet filterTraits(Filter filter, RelNode input) {
        RelMetadataQuery mq = input.getCluster().getMetadataQuery();
        return filter.getTraitSet().replaceIfs(RelCollationTraitDef.INSTANCE, () -> RelMdCollation.filter(mq, input));
    }

    /** A projection's traits over a new input: the new input's order, mapped through {@code projects}. */
    static RelTraitSet projectTraits(Project project, RelNode input, List<RexNode> projects) {
        RelMetadataQuery mq = input.getCluster().getMetadataQuery();
        return project.getTraitSet().replaceIfs(RelCollationTraitDef.INSTANCE, () -> RelMdCollation.project(mq, input, projects));
    }

    /** The scan returning only {@code fields}; an index path becomes covering if its entries hold them all. */
    private static MeridianScan narrow(MeridianScan scan, int[] fields) {
        MeridianScan narrowed = scan.withFields(fields, scan.path());
        AccessPath path = scan.path();
        if (path.kind() == AccessPath.Kind.INDEX && !path.covering()) {
            Set<Integer> needed = new TreeSet<>(narrowed.neededColumns());
            if (AccessPathChooser.covers(scan.meridianTable().definition(), path.index(), needed)) {
                narrowed = narrowed.withPath(path.withCovering(true, 0.5));
            }
        }
        return narrowed;
    }

    /** Expressions over the full row rewritten over the narrowed row. */
    private static List<RexNode> remap(List<RexNode> nodes, int[] fields) {
        Map<Integer, Integer> position = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
            position.put(fields[i], i);
        }
        RexShuttle shuttle = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(position.get(ref.getIndex()), ref.getType());
            }
        };
        return nodes.stream().map(node -> node.accept(shuttle)).toList();
    }
}

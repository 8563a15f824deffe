package io.meridian.sql.plan;

import io.meridian.sql.calcite.MeridianTable;
import io.meridian.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;

/**
 * The scan of a Meridian table over key ranges: which access path (primary key or one index,
 * with the key conditions the filter above it allowed), which fields it returns, and how it reads
 * them at run time ({@link ScanExecutor}). The filter that produced the ranges stays above the
 * scan, so a range that is wider than the predicate never changes a result.
 */
public final class MeridianScan extends TableScan implements EnumerableRel {
    private final MeridianTable meridianTable;
    private final AccessPath path;
    /** Fields of the table's row type this scan returns, in order; null for all. */
    private final int[] fields;
    /** A condition on the returned fields the scan applies itself (null: none), so a limit or aggregate can follow it. */
    private final RexNode filter;
    /** The rows after which the scan stops (null: all). */
    private final ScanLimit limit;
    /** Aggregates computed per tablet piece over the (filtered) rows (null: the rows themselves). */
    private final PartialAggregate aggregate;
    /** Reads the ranges from their ends down: rows come in descending key order. */
    private final boolean reverse;

    MeridianScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, MeridianTable meridianTable,
            AccessPath path, int[] fields) {
        this(cluster, traits, table, meridianTable, path, fields, null, null, null, false);
    }

    private MeridianScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, MeridianTable meridianTable,
            AccessPath path, int[] fields, RexNode filter, ScanLimit limit, PartialAggregate aggregate, boolean reverse) {
        super(cluster, traits, List.of(), table);
        this.reverse = reverse;
        this.meridianTable = meridianTable;
        this.path = path;
        this.fields = fields;
        this.filter = filter;
        this.limit = limit;
        this.aggregate = aggregate;
    }

    /** The full scan a query starts from; the rules narrow it. */
    public static MeridianScan create(RelOptCluster cluster, RelOptTable table, MeridianTable meridianTable) {
        AccessPath path = AccessPath.full(meridianTable.definition(), table.getRowCount());
        return new MeridianScan(cluster, traits(cluster, meridianTable, path, null), table, meridianTable, path, null);
    }

    /**
     * Enumerable, and sorted by the leading integer columns of the key the path reads in key
     * order, as far as it returns them: the primary key for a full scan or primary-key ranges; for
     * an index, its columns in their directions (an ascending column puts NULLs first, a descending
     * one last) and then the primary key every entry ends with. {@code ORDER BY id LIMIT n} then
     * needs no sort and stops after n rows. Only integer columns: key order of strings (UTF-8
     * bytes) and decimals (double, then digits) is not always SQL's order.
     */
    private static RelTraitSet traits(RelOptCluster cluster, MeridianTable meridianTable, AccessPath path, int[] fields) {
        RelTraitSet traits = cluster.traitSetOf(EnumerableConvention.INSTANCE);
        TableDef def = meridianTable.definition();
        List<Integer> keyColumns = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        if (path.kind() == AccessPath.Kind.INDEX) {
            keyColumns.addAll(path.index().columns());
            descending.addAll(path.index().descending());
        }
        for (int column : def.primaryKey()) {
            keyColumns.add(column);
            descending.add(false);
        }
        List<RelFieldCollation> collation = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            int column = keyColumns.get(i);
            if (seen.contains(column)) {
                continue; // an index column that is also in the primary key: ordered already
            }
            seen.add(column);
            if (ColumnDomain.of(def.columns().get(column)) != ColumnDomain.INTEGRAL) {
                break;
            }
            int field = meridianTable.keyed() ? column + 1 : column;
            int position = field;
            if (fields != null) {
                position = -1;
                for (int f = 0; f < fields.length; f++) {
                    position = fields[f] == field ? f : position;
                }
            }
            if (position < 0) {
                break;
            }
            collation.add(descending.get(i)
                    ? new RelFieldCollation(position, RelFieldCollation.Direction.DESCENDING, RelFieldCollation.NullDirection.LAST)
                    : new RelFieldCollation(position, RelFieldCollation.Direction.ASCENDING, RelFieldCollation.NullDirection.FIRST));
        }
        if (collation.isEmpty()) {
            return traits;
        }
        return traits.replaceIf(RelCollationTraitDef.INSTANCE, () -> RelCollations.of(collation));
    }

    MeridianTable meridianTable() {
        return meridianTable;
    }

    AccessPath path() {
        return path;
    }

    int[] fields() {
        return fields;
    }

    /** The table field behind output field {@code i}. */
    int tableField(int i) {
        return fields == null ? i : fields[i];
    }

    /** The table column behind a table field, or -1 for the storage-key field of a keyed table. */
    int columnOfTableField(int field) {
        return meridianTable.keyed() ? field - 1 : field;
    }

    /** The table columns this scan returns (its needed set for covering), or null when it returns all. */
    Set<Integer> neededColumns() {
        if (fields == null) {
            return null;
        }
        Set<Integer> out = new TreeSet<>();
        for (int field : fields) {
            int column = columnOfTableField(field);
            if (column >= 0) {
                out.add(column);
            }
        }
        return out;
    }

    RexNode filter() {
        return filter;
    }

    ScanLimit limit() {
        return limit;
    }

    PartialAggregate aggregate() {
        return aggregate;
    }

    /** Whether only a path or field change may still apply: nothing runs inside the scan yet. */
    boolean plain() {
        return filter == null && limit == null && aggregate == null && !reverse;
    }

    /** This scan applying {@code condition} (over its returned fields) and stopping after {@code newLimit} rows. */
    MeridianScan withLimit(RexNode condition, ScanLimit newLimit) {
        return new MeridianScan(getCluster(), getTraitSet(), getTable(), meridianTable, path, fields, condition, newLimit, null,
                false);
    }

    /**
     * This scan read backwards, applying {@code condition} and stopping after {@code newLimit} rows
     * (null: all): its rows come in the exact reverse of its key order, NULLs included.
     */
    MeridianScan reversed(RexNode condition, ScanLimit newLimit) {
        RelCollation forward = getTraitSet().getCollation();
        List<RelFieldCollation> backwards = new ArrayList<>();
        for (RelFieldCollation field : forward == null ? List.<RelFieldCollation>of() : forward.getFieldCollations()) {
            backwards.add(backwards(field));
        }
        RelTraitSet traits = backwards.isEmpty() ? getTraitSet()
                : getTraitSet().replace(RelCollations.of(backwards));
        return new MeridianScan(getCluster(), traits, getTable(), meridianTable, path, fields, condition, newLimit, null, true);
    }

    boolean reverse() {
        return reverse;
    }

    /** The order of a field read backwards: direction and NULL placement both flipped. */
    static RelFieldCollation backwards(RelFieldCollation field) {
        RelFieldCollation.NullDirection nulls = switch (field.nullDirection) {
            case FIRST -> RelFieldCollation.NullDirection.LAST;
            case LAST -> RelFieldCollation.NullDirection.FIRST;
            case UNSPECIFIED -> RelFieldCollation.NullDirection.UNSPECIFIED;
        };
        return new RelFieldCollation(field.getFieldIndex(), field.getDirection().reverse(), nulls);
    }

    /** This scan applying {@code condition} and returning the partial aggregates of each tablet piece. */
    MeridianScan withAggregate(RexNode condition, PartialAggregate partial) {
        RelTraitSet unordered = getCluster().traitSetOf(EnumerableConvention.INSTANCE);
        return new MeridianScan(getCluster(), unordered, getTable(), meridianTable, path, fields, condition, null, partial,
                false);
    }

    /** The row the scan reads before any aggregate: its returned fields. */
    RelDataType fieldRowType() {
        RelDataType full = table.getRowType();
        if (fields == null) {
            return full;
        }
        List<RelDataTypeField> all = full.getFieldList();
        List<RelDataTypeField> picked = new ArrayList<>(fields.length);
        for (int field : fields) {
            picked.add(all.get(field));
        }
        return getCluster().getTypeFactory().createStructType(picked);
    }

    MeridianScan withPath(AccessPath newPath) {
        return new MeridianScan(getCluster(), traits(getCluster(), meridianTable, newPath, fields), getTable(), meridianTable,
                newPath, fields);
    }

    MeridianScan withFields(int[] newFields, AccessPath newPath) {
        return new MeridianScan(getCluster(), traits(getCluster(), meridianTable, newPath, newFields), getTable(),
                meridianTable, newPath, newFields);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new MeridianScan(getCluster(), traitSet, getTable(), meridianTable, path, fields, filter, limit, aggregate,
                reverse);
    }

    @Override
    public RelDataType deriveRowType() {
        return aggregate != null ? aggregate.rowType() : fieldRowType();
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        TableDef def = meridianTable.definition();
        List<String> qualified = table.getQualifiedName();
        pw.item("table", qualified.get(qualified.size() - 1)) // T, or T$KEYED for the rows UPDATE and DELETE change
                .item("range", RangeDescriber.describe(def, path))
                .item("index", path.kind() == AccessPath.Kind.INDEX ? path.index().name() + (path.covering() ? " covering" : "")
                        : "none");
        if (fields != null) {
            List<RelDataTypeField> all = table.getRowType().getFieldList();
            List<String> names = new ArrayList<>(fields.length);
            for (int field : fields) {
                names.add(all.get(field).getName());
            }
            pw.item("fields", String.join(", ", names));
        }
        List<String> returned = fieldRowType().getFieldNames();
        pw.itemIf("filter", filter, filter != null);
        pw.itemIf("direction", "DESC", reverse);
        pw.itemIf("limit", limit == null ? "" : limit.describe(), limit != null);
        pw.itemIf("aggregate", aggregate == null ? "" : aggregate.describe(returned), aggregate != null);
        return pw;
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        double rows = path.rows() * (filter == null ? 1 : FILTER_SELECTIVITY);
        if (limit != null) {
            rows = Math.min(rows, limit.estimate());
        }
        if (aggregate != null) {
            rows = aggregate.groupFields().isEmpty() ? 1 : Math.max(1, rows * GROUPS_PER_ROW);
        }
        return rows;
    }

    /**
     * The access path's cost, a little less when fewer fields are decoded and returned; a limit
     * reads only its rows; a partial aggregate returns few rows, so what runs above is cheaper.
     */
    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        int total = table.getRowType().getFieldCount();
        double width = fields == null ? 1.0 : (fields.length + 2.0) / (total + 2.0);
        double cost = path.cost() * width;
        if (limit != null) {
            // Stops early, so never costlier than the path; behind a filter, the narrower path still
            // reads fewer rows before it finds its limit, hence the share of the path's own cost.
            double read = filter == null ? limit.estimate() : limit.estimate() / FILTER_SELECTIVITY;
            cost = Math.min(cost, read * width) * LIMITED_COST_FACTOR + path.cost() * width * PATH_COST_SHARE;
        }
        if (aggregate != null) {
            cost *= AGGREGATED_COST_FACTOR; // the rows stay at the tablets: only their groups travel
        }
        // Calcite's Volcano cost compares the row count alone, so the figure goes there.
        return planner.getCostFactory().makeCost(cost, cost, 0);
    }

    /** Guesses for the planner: the share of rows a pushed filter keeps, groups per row read. */
    static final double FILTER_SELECTIVITY = 0.5;
    static final double GROUPS_PER_ROW = 0.1;
    static final double LIMITED_COST_FACTOR = 0.9;
    static final double AGGREGATED_COST_FACTOR = 0.5;
    static final double PATH_COST_SHARE = 0.01;

    @Override
    public void register(RelOptPlanner planner) {
        ScanRules.register(planner);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
        int[] returned = fields != null ? fields : identity(table.getRowType().getFieldCount());
        ScanFilter compiled = filter == null ? null : new ScanFilter(getCluster().getRexBuilder(), filter, fieldRowType());
        Expression executor = implementor.stash(new ScanExecutor(meridianTable, path, returned, compiled, limit, aggregate, reverse),
                ScanExecutor.class);
        Expression rows = Expressions.call(executor, "enumerable", implementor.getRootExpression());
        return implementor.result(physType, Blocks.toBlock(rows));
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}

package io.meridian.sql.calcite;

import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.TableDef;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;

/** Tells Calcite each column's DEFAULT, so INSERTs that omit a column get it. */
final class ColumnDefaults extends NullInitializerExpressionFactory {
    private final TableDef def;

    ColumnDefaults(TableDef def) {
        this.def = def;
    }

    @Override
    public ColumnStrategy generationStrategy(RelOptTable table, int column) {
        ColumnDef c = columnAt(table, column);
        if (c != null && c.defaultSql() != null) {
            return ColumnStrategy.DEFAULT;
        }
        return c == null || c.nullable() ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE;
    }

    @Override
    public RexNode newColumnDefaultValue(RelOptTable table, int column, InitializerContext context) {
        ColumnDef c = columnAt(table, column);
        if (c == null || c.defaultSql() == null) {
            return super.newColumnDefaultValue(table, column, context);
        }
        try {
            SqlNode expression = SqlParser.create(c.defaultSql()).parseExpression();
            RexNode value = context.convertExpression(expression);
            return context.getRexBuilder().makeCast(table.getRowType().getFieldList().get(column).getType(), value);
        } catch (SqlParseException e) {
            throw new IllegalStateException("stored DEFAULT of column " + c.name() + " does not parse: " + c.defaultSql(), e);
        }
    }

    private ColumnDef columnAt(RelOptTable table, int column) {
        // The keyed variant has the storage key first; defaults only apply to the plain table.
        int offset = table.getRowType().getFieldCount() - def.columns().size();
        int index = column - offset;
        return index >= 0 && index < def.columns().size() ? def.columns().get(index) : null;
    }
}

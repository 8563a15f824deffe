package io.meridian.sql.infoschema;

import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A read-only table whose rows are computed from the live catalog each time it is scanned, so a
 * query sees every DDL change committed before it started. Rows are small (one per object or
 * column), so they are materialised; the filters of the query run over them in Calcite.
 */
final class SystemTable extends AbstractTable implements ScannableTable {
    /** One column: values are String (VARCHAR), Integer (INTEGER) or Boolean (BOOLEAN). */
    record Column(String name, SqlTypeName type, boolean nullable) {
    }

    private final List<Column> columns;
    private final Supplier<List<Object[]>> rows;

    SystemTable(List<Column> columns, Supplier<List<Object[]>> rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    List<Column> columns() {
        return columns;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory factory) {
        RelDataTypeFactory.Builder builder = factory.builder();
        for (Column c : columns) {
            builder.add(c.name(), factory.createTypeWithNullability(factory.createSqlType(c.type()), c.nullable()));
        }
        return builder.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        return Linq4j.asEnumerable(rows.get());
    }

    @Override
    public Schema.TableType getJdbcTableType() {
        return Schema.TableType.SYSTEM_TABLE;
    }
}

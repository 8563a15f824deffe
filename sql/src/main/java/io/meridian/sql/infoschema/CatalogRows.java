package io.meridian.sql.infoschema;

import io.meridian.sql.calcite.ColumnTypes;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.catalog.ViewDef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The rows of each INFORMATION_SCHEMA table, computed from the catalog's committed definitions.
 * Meridian has one catalog per database and JDBC reports none, so the standard's (NOT NULL)
 * catalog columns hold the empty string, as in Spanner.
 */
final class CatalogRows {
    static final String CATALOG = "";
    static final String PRIMARY_KEY = "PRIMARY KEY";
    static final String UNIQUE = "UNIQUE";

    private final Supplier<Collection<TableDef>> tables;
    private final Supplier<Collection<ViewDef>> views;
    private final String userSchema;
    private final ViewColumns viewColumns;
    private final Supplier<Map<String, SystemTable>> systemTables;

    CatalogRows(Supplier<Collection<TableDef>> tables, Supplier<Collection<ViewDef>> views, String userSchema,
            ViewColumns viewColumns, Supplier<Map<String, SystemTable>> systemTables) {
        this.tables = tables;
        this.views = views;
        this.userSchema = userSchema;
        this.viewColumns = viewColumns;
        this.systemTables = systemTables;
    }

    /** The name of a table's primary key, as PostgreSQL names it. */
    static String primaryKeyName(TableDef table) {
        return table.name() + "_PKEY";
    }

    List<Object[]> schemata() {
        return List.of(new Object[] {CATALOG, InformationSchema.NAME}, new Object[] {CATALOG, userSchema});
    }

    List<Object[]> tables() {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef table : tables.get()) {
            rows.add(new Object[] {CATALOG, userSchema, table.name(), "BASE TABLE"});
        }
        for (ViewDef view : views.get()) {
            rows.add(new Object[] {CATALOG, userSchema, view.name(), "VIEW"});
        }
        for (String name : systemTables.get().keySet()) {
            rows.add(new Object[] {CATALOG, InformationSchema.NAME, name, "SYSTEM VIEW"});
        }
        return rows;
    }

    List<Object[]> columns() {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef table : tables.get()) {
            addColumns(rows, userSchema, table.name(), table.columns());
        }
        for (ViewDef view : views.get()) {
            // A view whose query no longer plans (it reads a dropped table) has no columns to show;
            // the rest of the catalog must stay readable.
            try {
                addColumns(rows, userSchema, view.name(), viewColumns.of(view));
            } catch (Exception e) {
                continue;
            }
        }
        for (Map.Entry<String, SystemTable> system : systemTables.get().entrySet()) {
            List<ColumnDef> columns = new ArrayList<>();
            for (SystemTable.Column c : system.getValue().columns()) {
                columns.add(new ColumnDef(c.name(), c.type(), -1, -1, c.nullable(), null));
            }
            addColumns(rows, InformationSchema.NAME, system.getKey(), columns);
        }
        return rows;
    }

    private static void addColumns(List<Object[]> rows, String schema, String table, List<ColumnDef> columns) {
        for (int i = 0; i < columns.size(); i++) {
            ColumnDef c = columns.get(i);
            rows.add(new Object[] {CATALOG, schema, table, c.name(), i + 1, c.defaultSql(), c.nullable() ? "YES" : "NO",
                    c.type().getName(), characterLength(c), numericPrecision(c), numericRadix(c), numericScale(c),
                    ColumnTypes.sqlText(c), c.type().getJdbcOrdinal()});
        }
    }

    private static Integer characterLength(ColumnDef c) {
        boolean text = c.type() == SqlTypeName.CHAR || c.type() == SqlTypeName.VARCHAR;
        return text && c.precision() >= 0 ? c.precision() : null;
    }

    /** Exact numbers in decimal digits, approximate ones in bits, as the standard (and PostgreSQL) report them. */
    private static Integer numericPrecision(ColumnDef c) {
        return switch (c.type()) {
            case TINYINT -> 3;
            case SMALLINT -> 5;
            case INTEGER -> 10;
            case BIGINT -> 19;
            case REAL, FLOAT -> 24;
            case DOUBLE -> 53;
            case DECIMAL -> c.precision() >= 0 ? c.precision() : null;
            default -> null;
        };
    }

    private static Integer numericRadix(ColumnDef c) {
        return switch (c.type()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL -> 10;
            case REAL, FLOAT, DOUBLE -> 2;
            default -> null;
        };
    }

    private static Integer numericScale(ColumnDef c) {
        return switch (c.type()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> 0;
            case DECIMAL -> c.scale() >= 0 ? c.scale() : null;
            default -> null;
        };
    }

    List<Object[]> views() {
        List<Object[]> rows = new ArrayList<>();
        for (ViewDef view : views.get()) {
            rows.add(new Object[] {CATALOG, userSchema, view.name(), view.querySql()});
        }
        return rows;
    }

    List<Object[]> tableConstraints() {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef table : tables.get()) {
            if (!table.hasHiddenRowId()) {
                rows.add(constraintRow(table, primaryKeyName(table), PRIMARY_KEY));
            }
            for (IndexDef index : table.indexes()) {
                if (index.unique()) {
                    rows.add(constraintRow(table, index.name(), UNIQUE));
                }
            }
        }
        return rows;
    }

    private Object[] constraintRow(TableDef table, String constraint, String type) {
        return new Object[] {CATALOG, userSchema, constraint, CATALOG, userSchema, table.name(), type};
    }

    List<Object[]> keyColumnUsage() {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef table : tables.get()) {
            if (!table.hasHiddenRowId()) {
                addKeyColumns(rows, table, primaryKeyName(table), table.primaryKey());
            }
            for (IndexDef index : table.indexes()) {
                if (index.unique()) {
                    addKeyColumns(rows, table, index.name(), index.columns());
                }
            }
        }
        return rows;
    }

    private void addKeyColumns(List<Object[]> rows, TableDef table, String constraint, List<Integer> positions) {
        for (int i = 0; i < positions.size(); i++) {
            rows.add(new Object[] {CATALOG, userSchema, constraint, CATALOG, userSchema, table.name(),
                    table.columns().get(positions.get(i)).name(), i + 1});
        }
    }

    /** One row per index column; the primary key is listed as the index it is (rows are stored in its order). */
    List<Object[]> indexes() {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef table : tables.get()) {
            List<Integer> key = table.primaryKey();
            for (int i = 0; i < key.size(); i++) {
                rows.add(indexRow(table, primaryKeyName(table), PRIMARY_KEY, true, key.get(i), i + 1, false));
            }
            for (IndexDef index : table.indexes()) {
                for (int i = 0; i < index.columns().size(); i++) {
                    rows.add(indexRow(table, index.name(), "INDEX", index.unique(), index.columns().get(i), i + 1,
                            index.descending().get(i)));
                }
            }
        }
        return rows;
    }

    private Object[] indexRow(TableDef table, String index, String type, boolean unique, int column, int ordinal,
            boolean descending) {
        return new Object[] {CATALOG, userSchema, table.name(), index, type, unique, table.columns().get(column).name(),
                ordinal, descending ? "DESC" : "ASC"};
    }
}

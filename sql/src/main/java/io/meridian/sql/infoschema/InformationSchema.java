package io.meridian.sql.infoschema;

import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.catalog.ViewDef;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * INFORMATION_SCHEMA: what the catalog holds, as read-only tables with the SQL-standard (and
 * PostgreSQL) column names where the standard has one. Unquoted identifiers fold to upper case in
 * Meridian, so {@code SELECT * FROM information_schema.tables} finds INFORMATION_SCHEMA.TABLES,
 * and names in the rows are as stored (upper case unless they were quoted when created).
 *
 * <p>Meridian-specific: INDEXES (one row per index column, primary keys included) and, in
 * COLUMNS, COLUMN_TYPE (the declared type as written, e.g. {@code DECIMAL(10, 2)}) and
 * JDBC_DATA_TYPE (the java.sql.Types code, for the JDBC driver's metadata).
 */
public final class InformationSchema extends AbstractSchema {
    public static final String NAME = "INFORMATION_SCHEMA";

    private static final SqlTypeName TEXT = SqlTypeName.VARCHAR;
    private static final SqlTypeName INT = SqlTypeName.INTEGER;

    private final Map<String, Table> tables = new LinkedHashMap<>();

    /**
     * {@code catalogTables} and {@code catalogViews}: the definitions the session's statements see,
     * read at each scan; {@code userSchema}: the schema they appear in.
     */
    public InformationSchema(Supplier<Collection<TableDef>> catalogTables, Supplier<Collection<ViewDef>> catalogViews,
            String userSchema, ViewColumns viewColumns) {
        CatalogRows rows = new CatalogRows(catalogTables, catalogViews, userSchema, viewColumns, this::systemTables);
        tables.put("SCHEMATA", new SystemTable(List.of(
                notNull("CATALOG_NAME", TEXT), notNull("SCHEMA_NAME", TEXT)), rows::schemata));
        tables.put("TABLES", new SystemTable(List.of(
                notNull("TABLE_CATALOG", TEXT), notNull("TABLE_SCHEMA", TEXT), notNull("TABLE_NAME", TEXT),
                notNull("TABLE_TYPE", TEXT)), rows::tables));
        tables.put("COLUMNS", new SystemTable(List.of(
                notNull("TABLE_CATALOG", TEXT), notNull("TABLE_SCHEMA", TEXT), notNull("TABLE_NAME", TEXT),
                notNull("COLUMN_NAME", TEXT), notNull("ORDINAL_POSITION", INT), nullable("COLUMN_DEFAULT", TEXT),
                notNull("IS_NULLABLE", TEXT), notNull("DATA_TYPE", TEXT), nullable("CHARACTER_MAXIMUM_LENGTH", INT),
                nullable("NUMERIC_PRECISION", INT), nullable("NUMERIC_PRECISION_RADIX", INT),
                nullable("NUMERIC_SCALE", INT), notNull("COLUMN_TYPE", TEXT), notNull("JDBC_DATA_TYPE", INT)),
                rows::columns));
        tables.put("VIEWS", new SystemTable(List.of(
                notNull("TABLE_CATALOG", TEXT), notNull("TABLE_SCHEMA", TEXT), notNull("TABLE_NAME", TEXT),
                notNull("VIEW_DEFINITION", TEXT)), rows::views));
        tables.put("TABLE_CONSTRAINTS", new SystemTable(List.of(
                notNull("CONSTRAINT_CATALOG", TEXT), notNull("CONSTRAINT_SCHEMA", TEXT), notNull("CONSTRAINT_NAME", TEXT),
                notNull("TABLE_CATALOG", TEXT), notNull("TABLE_SCHEMA", TEXT), notNull("TABLE_NAME", TEXT),
                notNull("CONSTRAINT_TYPE", TEXT)), rows::tableConstraints));
        tables.put("KEY_COLUMN_USAGE", new SystemTable(List.of(
                notNull("CONSTRAINT_CATALOG", TEXT), notNull("CONSTRAINT_SCHEMA", TEXT), notNull("CONSTRAINT_NAME", TEXT),
                notNull("TABLE_CATALOG", TEXT), notNull("TABLE_SCHEMA", TEXT), notNull("TABLE_NAME", TEXT),
                notNull("COLUMN_NAME", TEXT), notNull("ORDINAL_POSITION", INT)), rows::keyColumnUsage));
        tables.put("INDEXES", new SystemTable(List.of(
                notNull("TABLE_CATALOG", TEXT), notNull("TABLE_SCHEMA", TEXT), notNull("TABLE_NAME", TEXT),
                notNull("INDEX_NAME", TEXT), notNull("INDEX_TYPE", TEXT), notNull("IS_UNIQUE", SqlTypeName.BOOLEAN),
                notNull("COLUMN_NAME", TEXT), notNull("ORDINAL_POSITION", INT), notNull("COLUMN_ORDERING", TEXT)),
                rows::indexes));
    }

    private Map<String, SystemTable> systemTables() {
        Map<String, SystemTable> system = new LinkedHashMap<>();
        tables.forEach((name, table) -> system.put(name, (SystemTable) table));
        return system;
    }

    private static SystemTable.Column notNull(String name, SqlTypeName type) {
        return new SystemTable.Column(name, type, false);
    }

    private static SystemTable.Column nullable(String name, SqlTypeName type) {
        return new SystemTable.Column(name, type, true);
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }
}

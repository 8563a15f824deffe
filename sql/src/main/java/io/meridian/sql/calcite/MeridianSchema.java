package io.meridian.sql.calcite;

import io.meridian.sql.catalog.CatalogView;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.catalog.ViewDef;
import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import java.util.List;
import org.apache.calcite.schema.Function;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataTypeImpl;
import org.apache.calcite.rel.type.RelProtoDataType;
import org.apache.calcite.schema.Table;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The tables of the catalog, bound to one session. The map is rebuilt from the catalog on every
 * lookup (cheap: definitions are in memory); the session hands in the catalog snapshot its
 * transaction pinned, so committed DDL is visible to the next transaction and one transaction
 * always sees one schema.
 */
public final class MeridianSchema extends AbstractSchema {
    public static final String NAME = "MERIDIAN";

    private final CatalogView catalog;
    private final TableAccess access;

    public MeridianSchema(CatalogView catalog, TableAccess access) {
        this.catalog = catalog;
        this.access = access;
    }

    /** The session this schema's tables read through (statements run by Calcite's own JDBC layer find it here). */
    public TableAccess access() {
        return access;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        Map<String, Table> tables = new HashMap<>();
        for (TableDef def : catalog.tables()) {
            tables.put(def.name(), new MeridianTable(def, access, false));
            tables.put(def.name() + MeridianTable.KEYED_SUFFIX, new MeridianTable(def, access, true));
        }
        return tables;
    }

    /**
     * Type names other databases spell differently, so {@code CAST(x AS TEXT)} means what it means
     * in PostgreSQL and SQLite (Calcite resolves type names from the root schema, where the session
     * registers these). The DDL parser accepts the same names.
     */
    public static final Map<String, RelProtoDataType> TYPE_ALIASES = Map.of(
            "TEXT", RelDataTypeImpl.proto(SqlTypeName.VARCHAR, true),
            "STRING", RelDataTypeImpl.proto(SqlTypeName.VARCHAR, true),
            "INT2", RelDataTypeImpl.proto(SqlTypeName.SMALLINT, true),
            "INT4", RelDataTypeImpl.proto(SqlTypeName.INTEGER, true),
            "INT8", RelDataTypeImpl.proto(SqlTypeName.BIGINT, true),
            "FLOAT4", RelDataTypeImpl.proto(SqlTypeName.REAL, true),
            "FLOAT8", RelDataTypeImpl.proto(SqlTypeName.DOUBLE, true),
            "BOOL", RelDataTypeImpl.proto(SqlTypeName.BOOLEAN, true),
            "BYTEA", RelDataTypeImpl.proto(SqlTypeName.VARBINARY, true),
            "BLOB", RelDataTypeImpl.proto(SqlTypeName.VARBINARY, true));

    /** Views are table macros without parameters, which Calcite resolves like tables. */
    @Override
    protected Multimap<String, Function> getFunctionMultimap() {
        ImmutableMultimap.Builder<String, Function> views = ImmutableMultimap.builder();
        for (ViewDef view : catalog.views()) {
            views.put(view.name(), new ViewMacro(view, List.of(NAME)));
        }
        return views.build();
    }

    @Override
    public boolean isMutable() {
        return true;
    }
}

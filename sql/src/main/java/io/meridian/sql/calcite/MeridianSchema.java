package io.meridian.sql.calcite;

import io.meridian.sql.catalog.Catalog;
import io.meridian.sql.catalog.TableDef;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The tables of the catalog, bound to one session. The map is rebuilt from the catalog on every
 * lookup (cheap: definitions are in memory), so committed DDL is visible to the next statement.
 */
public final class MeridianSchema extends AbstractSchema {
    public static final String NAME = "MERIDIAN";

    private final Catalog catalog;
    private final TableAccess access;

    public MeridianSchema(Catalog catalog, TableAccess access) {
        this.catalog = catalog;
        this.access = access;
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

    @Override
    public boolean isMutable() {
        return true;
    }
}

package io.meridian.sql.ddl;

import io.meridian.sql.catalog.ColumnDef;
import java.util.List;

/** A parsed DDL statement. */
public sealed interface DdlStatement {
    /** CREATE TABLE; {@code primaryKey} holds column positions, empty for a hidden row id. */
    record CreateTable(String name, boolean ifNotExists, List<ColumnDef> columns, List<Integer> primaryKey)
            implements DdlStatement {
    }

    record DropTable(String name, boolean ifExists) implements DdlStatement {
    }
}

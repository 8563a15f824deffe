package io.meridian.sql.ddl;

import io.meridian.sql.catalog.ColumnDef;
import java.util.List;

/** A parsed DDL statement. */
public sealed interface DdlStatement {
    /**
     * CREATE TABLE; {@code primaryKey} holds column positions, empty for a hidden row id;
     * {@code uniqueKeys} the column positions of each UNIQUE constraint.
     */
    record CreateTable(String name, boolean ifNotExists, List<ColumnDef> columns, List<Integer> primaryKey,
            List<List<Integer>> uniqueKeys) implements DdlStatement {
        public CreateTable {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
        }
    }

    record DropTable(String name, boolean ifExists) implements DdlStatement {
    }

    /** CREATE [UNIQUE] INDEX name ON table (column [ASC|DESC], ...). */
    record CreateIndex(String name, String table, boolean unique, boolean ifNotExists, List<String> columns,
            List<Boolean> descending) implements DdlStatement {
        public CreateIndex {
            columns = List.copyOf(columns);
            descending = List.copyOf(descending);
        }
    }

    record DropIndex(String name, boolean ifExists) implements DdlStatement {
    }

    /** CREATE [OR REPLACE] VIEW name [(columns)] AS query; {@code querySql} is the query's text. */
    record CreateView(String name, boolean orReplace, boolean ifNotExists, List<String> columnNames, String querySql)
            implements DdlStatement {
        public CreateView {
            columnNames = List.copyOf(columnNames);
        }
    }

    record DropView(String name, boolean ifExists) implements DdlStatement {
    }

    /** REINDEX [name]: an index, a table's indexes, or (no name) every index. */
    record Reindex(String name) implements DdlStatement {
    }

    /** ALTER TABLE table ADD [COLUMN] [IF NOT EXISTS] column type [NOT NULL] [DEFAULT expression]. */
    record AddColumn(String table, ColumnDef column, boolean ifNotExists) implements DdlStatement {
    }

    /** ALTER TABLE table DROP [COLUMN] [IF EXISTS] column. */
    record DropColumn(String table, String column, boolean ifExists) implements DdlStatement {
    }
}

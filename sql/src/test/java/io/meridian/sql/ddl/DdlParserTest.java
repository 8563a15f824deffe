package io.meridian.sql.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.catalog.ColumnDef;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class DdlParserTest {
    private static <T extends DdlStatement> T parse(String sql, Class<T> kind) throws SqlStateException {
        return kind.cast(DdlParser.parse(sql));
    }

    private static String state(String sql) {
        return assertThrows(SqlStateException.class, () -> DdlParser.parse(sql)).sqlState();
    }

    @Test
    void tableWithoutKeyGetsHiddenRowId() throws SqlStateException {
        DdlStatement.CreateTable t = parse("CREATE TABLE t1(a INTEGER, b INTEGER, c INTEGER)", DdlStatement.CreateTable.class);
        assertEquals("T1", t.name());
        assertEquals(List.of("A", "B", "C"), t.columns().stream().map(ColumnDef::name).toList());
        assertTrue(t.primaryKey().isEmpty());
        assertTrue(t.columns().stream().allMatch(ColumnDef::nullable));
    }

    @Test
    void columnAndTableConstraints() throws SqlStateException {
        DdlStatement.CreateTable t = parse("create table if not exists s.kv (k varchar(20) primary key, v int not null "
                + "default 7, u text unique, w double precision, unique (v, w), constraint c2 unique key (w));",
                DdlStatement.CreateTable.class);
        assertEquals("KV", t.name());
        assertTrue(t.ifNotExists());
        assertEquals(List.of(0), t.primaryKey());
        assertFalse(t.columns().get(0).nullable(), "key columns are NOT NULL");
        assertEquals(new ColumnDef("V", SqlTypeName.INTEGER, -1, -1, false, "7"), t.columns().get(1));
        assertEquals(SqlTypeName.VARCHAR, t.columns().get(2).type());
        assertEquals(SqlTypeName.DOUBLE, t.columns().get(3).type());
        assertEquals(List.of(List.of(2), List.of(1, 3), List.of(3)), t.uniqueKeys());
    }

    @Test
    void typesAndDefaults() throws SqlStateException {
        DdlStatement.CreateTable t = parse("CREATE TABLE t(a DECIMAL(10,2), b NUMERIC, c CHAR, d FLOAT, e BLOB, "
                + "f VARCHAR(8) DEFAULT 'x,y', g BOOLEAN DEFAULT (1 = 1) NOT NULL)", DdlStatement.CreateTable.class);
        assertEquals(new ColumnDef("A", SqlTypeName.DECIMAL, 10, 2, true, null), t.columns().get(0));
        assertEquals(new ColumnDef("B", SqlTypeName.DECIMAL, 19, 0, true, null), t.columns().get(1));
        assertEquals(new ColumnDef("C", SqlTypeName.CHAR, 1, -1, true, null), t.columns().get(2));
        assertEquals(SqlTypeName.DOUBLE, t.columns().get(3).type());
        assertEquals(SqlTypeName.VARBINARY, t.columns().get(4).type());
        assertEquals("'x,y'", t.columns().get(5).defaultSql());
        assertEquals("(1 = 1)", t.columns().get(6).defaultSql());
        assertFalse(t.columns().get(6).nullable());
    }

    @Test
    void indexes() throws SqlStateException {
        DdlStatement.CreateIndex i = parse("CREATE UNIQUE INDEX idx_tab2_1 ON tab2 (col3 DESC,col4 ASC, col5)",
                DdlStatement.CreateIndex.class);
        assertEquals("IDX_TAB2_1", i.name());
        assertEquals("TAB2", i.table());
        assertTrue(i.unique());
        assertEquals(List.of("COL3", "COL4", "COL5"), i.columns());
        assertEquals(List.of(true, false, false), i.descending());
        assertTrue(parse("CREATE INDEX IF NOT EXISTS i ON t(a)", DdlStatement.CreateIndex.class).ifNotExists());
        assertEquals(new DdlStatement.DropIndex("T1I1", false), DdlParser.parse("DROP INDEX t1i1;"));
        assertEquals(new DdlStatement.DropIndex("I", true), DdlParser.parse("DROP INDEX IF EXISTS i ON t"));
        assertEquals(new DdlStatement.Reindex("T1I1"), DdlParser.parse("REINDEX t1i1"));
        assertNull(parse("REINDEX", DdlStatement.Reindex.class).name());
    }

    @Test
    void views() throws SqlStateException {
        DdlStatement.CreateView v = parse("CREATE VIEW view1 AS SELECT x FROM t1 WHERE x>0;", DdlStatement.CreateView.class);
        assertEquals("VIEW1", v.name());
        assertEquals("SELECT x FROM t1 WHERE x>0", v.querySql());
        assertTrue(v.columnNames().isEmpty());
        DdlStatement.CreateView named = parse("create or replace view v (a, b) as select 1, 'two'", DdlStatement.CreateView.class);
        assertTrue(named.orReplace());
        assertEquals(List.of("A", "B"), named.columnNames());
        assertEquals("select 1, 'two'", named.querySql());
        assertEquals(new DdlStatement.DropView("V", true), DdlParser.parse("DROP VIEW IF EXISTS v"));
    }

    @Test
    void errorsCarrySqlStates() {
        assertEquals("42601", state("CREATE TABLE t(a INT"));
        assertEquals("42601", state("CREATE TABLE t(a INT) extra"));
        assertEquals("42704", state("CREATE TABLE t(a FROB)"));
        assertEquals("42701", state("CREATE TABLE t(a INT, a INT)"));
        assertEquals("42703", state("CREATE TABLE t(a INT, PRIMARY KEY (b))"));
        assertEquals("42703", state("CREATE TABLE t(a INT, UNIQUE (b))"));
        assertEquals("0A000", state("CREATE TRIGGER t1r1 UPDATE ON t1 BEGIN SELECT 1; END"));
        assertEquals("0A000", state("DROP TRIGGER t1r1"));
        assertEquals("0A000", state("CREATE TABLE t(a INT CHECK (a > 0))"));
        assertEquals("0A000", state("ALTER TABLE t RENAME TO u"));
        assertEquals("0A000", state("ALTER TABLE t ADD COLUMN b INT PRIMARY KEY"));
        assertEquals("0A000", state("ALTER TABLE t ADD CONSTRAINT c UNIQUE (a)"));
        assertEquals("0A000", state("ALTER TABLE t DROP COLUMN b CASCADE"));
        assertEquals("42601", state("ALTER TABLE t FROB b"));
        assertEquals("42601", state("ALTER INDEX i RENAME TO j"));
        assertEquals("42601", state("CREATE OR REPLACE TABLE t(a INT)"));
    }

    @Test
    void alterTableAddColumn() throws SqlStateException {
        DdlStatement.AddColumn a = parse("ALTER TABLE t ADD COLUMN c VARCHAR(10) NOT NULL DEFAULT 'x' || 'y'",
                DdlStatement.AddColumn.class);
        assertEquals("T", a.table());
        assertEquals(new ColumnDef("C", SqlTypeName.VARCHAR, 10, -1, false, "'x' || 'y'"), a.column());
        assertFalse(a.ifNotExists());
        DdlStatement.AddColumn b = parse("alter table t add if not exists d int;", DdlStatement.AddColumn.class);
        assertEquals("D", b.column().name());
        assertTrue(b.ifNotExists());
        DdlStatement.AddColumn c = parse("ALTER TABLE t ADD e INT DEFAULT (1 + 2) IF NOT EXISTS", DdlStatement.AddColumn.class);
        assertEquals("(1 + 2)", c.column().defaultSql());
        assertTrue(c.ifNotExists());
    }

    @Test
    void alterTableDropColumn() throws SqlStateException {
        assertEquals(new DdlStatement.DropColumn("T", "C", false), parse("ALTER TABLE t DROP COLUMN c", DdlStatement.DropColumn.class));
        assertEquals(new DdlStatement.DropColumn("T", "C", true), parse("ALTER TABLE t DROP IF EXISTS c", DdlStatement.DropColumn.class));
        assertEquals(new DdlStatement.DropColumn("T", "C", true),
                parse("ALTER TABLE t DROP COLUMN c IF EXISTS RESTRICT", DdlStatement.DropColumn.class));
    }

    @Test
    void recognisesDdl() {
        assertTrue(DdlParser.isDdl("  create table t(a int)"));
        assertTrue(DdlParser.isDdl("REINDEX"));
        assertFalse(DdlParser.isDdl("SELECT 1"));
    }
}

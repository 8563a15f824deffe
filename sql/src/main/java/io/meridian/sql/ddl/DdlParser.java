package io.meridian.sql.ddl;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.ddl.DdlTokenizer.Kind;
import io.meridian.sql.ddl.DdlTokenizer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Parses Meridian's DDL. Calcite's parser (used for every query and DML statement) has no
 * column-level PRIMARY KEY and no CREATE INDEX, so DDL gets this small recursive-descent parser.
 * Names fold to upper case like Calcite's, so the two agree.
 */
public final class DdlParser {
    private static final Set<String> COLUMN_CONSTRAINT_WORDS = Set.of("NOT", "NULL", "PRIMARY", "UNIQUE", "DEFAULT",
            "CHECK", "REFERENCES", "CONSTRAINT");

    private final String sql;
    private final List<Token> tokens;
    private int position;

    private DdlParser(String sql) throws SqlStateException {
        this.sql = sql;
        this.tokens = DdlTokenizer.tokenize(sql);
    }

    /** True when the statement is DDL this parser handles (CREATE, DROP, ALTER or REINDEX). */
    public static boolean isDdl(String sql) {
        String head = sql.stripLeading().toUpperCase(java.util.Locale.ROOT);
        return head.startsWith("CREATE") || head.startsWith("DROP") || head.startsWith("ALTER")
                || head.startsWith("REINDEX");
    }

    public static DdlStatement parse(String sql) throws SqlStateException {
        DdlParser parser = new DdlParser(sql);
        DdlStatement statement = parser.statement();
        parser.acceptSymbol(";");
        if (parser.peek().kind() != Kind.END) {
            throw parser.error("unexpected \"" + parser.peek().text() + "\" after the statement");
        }
        return statement;
    }

    private DdlStatement statement() throws SqlStateException {
        if (accept("CREATE")) {
            boolean orReplace = acceptSequence("OR", "REPLACE");
            if (!orReplace && accept("TABLE")) {
                return createTable();
            }
            if (!orReplace && (peek().is("UNIQUE") || peek().is("INDEX"))) {
                return createIndex();
            }
            if (accept("VIEW")) {
                return createView(orReplace);
            }
            if (peek().is("TEMP") || peek().is("TEMPORARY") || peek().is("TRIGGER") || peek().is("SEQUENCE")
                    || peek().is("SCHEMA") || peek().is("VIRTUAL")) {
                throw notSupported("CREATE " + peek().text());
            }
            throw error("expected TABLE, [UNIQUE] INDEX or VIEW after CREATE");
        }
        if (accept("DROP")) {
            if (accept("TABLE")) {
                boolean ifExists = acceptSequence("IF", "EXISTS");
                return new DdlStatement.DropTable(identifier("table name"), ifExists);
            }
            if (accept("INDEX")) {
                boolean ifExists = acceptSequence("IF", "EXISTS");
                String name = identifier("index name");
                if (accept("ON")) {
                    identifier("table name");
                }
                return new DdlStatement.DropIndex(name, ifExists);
            }
            if (accept("VIEW")) {
                boolean ifExists = acceptSequence("IF", "EXISTS");
                return new DdlStatement.DropView(identifier("view name"), ifExists);
            }
            if (peek().is("TRIGGER") || peek().is("SEQUENCE") || peek().is("SCHEMA")) {
                throw notSupported("DROP " + peek().text());
            }
            throw error("expected TABLE, INDEX or VIEW after DROP");
        }
        if (accept("REINDEX")) {
            return new DdlStatement.Reindex(peek().kind() == Kind.END || peek().isSymbol(";") ? null : identifier("index or table name"));
        }
        expect("ALTER");
        if (!accept("TABLE")) {
            throw error("expected TABLE after ALTER");
        }
        return alterTable();
    }

    /**
     * ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] c type [constraints] and ALTER TABLE t DROP
     * [COLUMN] [IF EXISTS] c. The IF clauses are also accepted after the column, as the issue and
     * some dialects write them.
     */
    private DdlStatement alterTable() throws SqlStateException {
        String table = identifier("table name");
        if (accept("ADD")) {
            accept("COLUMN");
            if (peek().is("CONSTRAINT") || peek().is("PRIMARY") || peek().is("UNIQUE") || peek().is("FOREIGN")
                    || peek().is("CHECK")) {
                throw notSupported("ALTER TABLE ADD " + peek().text() + "; use CREATE UNIQUE INDEX for uniqueness");
            }
            boolean ifNotExists = acceptSequence("IF", "NOT", "EXISTS");
            List<ColumnDef> columns = new ArrayList<>();
            List<String> keyNames = new ArrayList<>();
            List<List<String>> uniqueNames = new ArrayList<>();
            column(columns, keyNames, uniqueNames, table);
            if (!keyNames.isEmpty() || !uniqueNames.isEmpty()) {
                throw notSupported("PRIMARY KEY or UNIQUE on an added column; use CREATE UNIQUE INDEX after adding it");
            }
            ifNotExists |= acceptSequence("IF", "NOT", "EXISTS");
            return new DdlStatement.AddColumn(table, columns.get(0), ifNotExists);
        }
        if (accept("DROP")) {
            accept("COLUMN");
            if (peek().is("CONSTRAINT")) {
                throw notSupported("ALTER TABLE DROP CONSTRAINT; use DROP INDEX");
            }
            boolean ifExists = acceptSequence("IF", "EXISTS");
            String column = identifier("column name");
            ifExists |= acceptSequence("IF", "EXISTS");
            if (accept("CASCADE")) {
                throw notSupported("DROP COLUMN ... CASCADE; drop the indexes that use the column first");
            }
            accept("RESTRICT");
            return new DdlStatement.DropColumn(table, column, ifExists);
        }
        if (peek().is("RENAME") || peek().is("ALTER") || peek().is("SET")) {
            throw notSupported("ALTER TABLE " + peek().text());
        }
        throw error("expected ADD [COLUMN] or DROP [COLUMN] after ALTER TABLE " + table);
    }

    private DdlStatement createTable() throws SqlStateException {
        boolean ifNotExists = acceptSequence("IF", "NOT", "EXISTS");
        String name = identifier("table name");
        expectSymbol("(");
        List<ColumnDef> columns = new ArrayList<>();
        List<String> keyNames = new ArrayList<>();
        List<List<String>> uniqueNames = new ArrayList<>();
        do {
            if (accept("CONSTRAINT")) {
                identifier("constraint name");
            }
            if (accept("PRIMARY")) {
                expect("KEY");
                if (!keyNames.isEmpty()) {
                    throw error("table \"" + name + "\" declares more than one primary key");
                }
                keyNames.addAll(identifierList());
            } else if (accept("UNIQUE")) {
                accept("KEY");
                uniqueNames.add(identifierList());
            } else if (peek().is("CHECK") || peek().is("FOREIGN")) {
                throw notSupported(peek().text() + " constraints");
            } else {
                column(columns, keyNames, uniqueNames, name);
            }
        } while (acceptSymbol(","));
        expectSymbol(")");
        List<List<Integer>> uniqueKeys = new ArrayList<>();
        for (List<String> unique : uniqueNames) {
            uniqueKeys.add(keyPositions(columns, unique, name));
        }
        return new DdlStatement.CreateTable(name, ifNotExists, markKeyNotNull(columns, keyNames),
                keyPositions(columns, keyNames, name), uniqueKeys);
    }

    private DdlStatement createIndex() throws SqlStateException {
        boolean unique = accept("UNIQUE");
        expect("INDEX");
        boolean ifNotExists = acceptSequence("IF", "NOT", "EXISTS");
        String name = identifier("index name");
        expect("ON");
        String table = identifier("table name");
        expectSymbol("(");
        List<String> columns = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        do {
            columns.add(identifier("column name"));
            boolean desc = accept("DESC");
            if (!desc) {
                accept("ASC");
            }
            descending.add(desc);
        } while (acceptSymbol(","));
        expectSymbol(")");
        return new DdlStatement.CreateIndex(name, table, unique, ifNotExists, columns, descending);
    }

    private DdlStatement createView(boolean orReplace) throws SqlStateException {
        boolean ifNotExists = acceptSequence("IF", "NOT", "EXISTS");
        if (orReplace && ifNotExists) {
            throw error("OR REPLACE and IF NOT EXISTS cannot be combined");
        }
        String name = identifier("view name");
        List<String> columnNames = peek().isSymbol("(") ? identifierList() : List.of();
        expect("AS");
        Token start = peek();
        if (start.kind() == Kind.END) {
            throw error("CREATE VIEW needs a query after AS");
        }
        String query = sql.substring(start.start()).strip();
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).strip();
        }
        while (peek().kind() != Kind.END) {
            next();
        }
        return new DdlStatement.CreateView(name, orReplace, ifNotExists, columnNames, query);
    }

    private void column(List<ColumnDef> columns, List<String> keyNames, List<List<String>> uniqueNames, String table)
            throws SqlStateException {
        String name = identifier("column name");
        for (ColumnDef c : columns) {
            if (c.name().equals(name)) {
                throw new SqlStateException("42701", "column \"" + name + "\" specified more than once in table \"" + table + "\"");
            }
        }
        ParsedType type = type();
        boolean nullable = true;
        String defaultSql = null;
        while (peek().kind() == Kind.WORD && COLUMN_CONSTRAINT_WORDS.contains(peek().text())) {
            if (accept("NOT")) {
                expect("NULL");
                nullable = false;
            } else if (accept("NULL")) {
                nullable = true;
            } else if (accept("PRIMARY")) {
                expect("KEY");
                if (!keyNames.isEmpty()) {
                    throw error("table \"" + table + "\" declares more than one primary key");
                }
                keyNames.add(name);
            } else if (accept("DEFAULT")) {
                defaultSql = expressionText();
            } else if (accept("UNIQUE")) {
                uniqueNames.add(List.of(name));
            } else {
                throw new SqlStateException(SqlStates.FEATURE_NOT_SUPPORTED, peek().text() + " column constraints are not supported yet");
            }
        }
        columns.add(new ColumnDef(name, type.name(), type.precision(), type.scale(), nullable, defaultSql));
    }

    private record ParsedType(SqlTypeName name, int precision, int scale) {
    }

    private ParsedType type() throws SqlStateException {
        Token word = next();
        if (word.kind() != Kind.WORD) {
            throw error("expected a type, found \"" + word.text() + "\"");
        }
        SqlTypeName name = switch (word.text()) {
            case "INT", "INTEGER", "INT4" -> SqlTypeName.INTEGER;
            case "BIGINT", "INT8" -> SqlTypeName.BIGINT;
            case "SMALLINT", "INT2" -> SqlTypeName.SMALLINT;
            case "TINYINT" -> SqlTypeName.TINYINT;
            case "REAL", "FLOAT4" -> SqlTypeName.REAL;
            case "FLOAT", "FLOAT8" -> SqlTypeName.DOUBLE;
            case "DOUBLE" -> {
                accept("PRECISION");
                yield SqlTypeName.DOUBLE;
            }
            case "DECIMAL", "NUMERIC", "DEC" -> SqlTypeName.DECIMAL;
            case "BOOLEAN", "BOOL" -> SqlTypeName.BOOLEAN;
            case "VARCHAR", "TEXT", "STRING" -> SqlTypeName.VARCHAR;
            case "CHAR", "CHARACTER" -> accept("VARYING") ? SqlTypeName.VARCHAR : SqlTypeName.CHAR;
            case "VARBINARY", "BYTES", "BYTEA", "BLOB" -> SqlTypeName.VARBINARY;
            case "BINARY" -> SqlTypeName.BINARY;
            case "DATE" -> SqlTypeName.DATE;
            case "TIME" -> SqlTypeName.TIME;
            case "TIMESTAMP", "DATETIME" -> SqlTypeName.TIMESTAMP; // DATETIME: MySQL, SQLite, SQL Server; Liquibase emits it
            default -> throw new SqlStateException("42704", "type \"" + word.text() + "\" does not exist");
        };
        int precision = -1;
        int scale = -1;
        if (acceptSymbol("(")) {
            precision = integer();
            if (acceptSymbol(",")) {
                scale = integer();
            }
            expectSymbol(")");
        }
        if (name == SqlTypeName.DECIMAL && precision < 0) {
            precision = 19;
            scale = 0;
        } else if (name == SqlTypeName.DECIMAL && scale < 0) {
            scale = 0;
        } else if (name == SqlTypeName.CHAR && precision < 0) {
            precision = 1;
        }
        return new ParsedType(name, precision, scale);
    }

    /** The DEFAULT expression's text: tokens up to a top-level comma, closing paren or constraint. */
    private String expressionText() throws SqlStateException {
        int depth = 0;
        int start = peek().start();
        int end = start;
        while (true) {
            Token t = peek();
            // ALTER TABLE ... ADD c t DEFAULT x IF NOT EXISTS: IF ends the expression too.
            if (t.kind() == Kind.END || (depth == 0 && (t.isSymbol(",") || t.isSymbol(")") || t.isSymbol(";")))
                    || (depth == 0 && t.is("IF") && end > start)
                    || (depth == 0 && t.kind() == Kind.WORD && COLUMN_CONSTRAINT_WORDS.contains(t.text()) && end > start
                            && !t.is("NULL"))) {
                break;
            }
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            }
            end = next().end();
        }
        if (end == start) {
            throw error("DEFAULT needs an expression");
        }
        return sql.substring(start, end);
    }

    private static List<ColumnDef> markKeyNotNull(List<ColumnDef> columns, List<String> keyNames) {
        List<ColumnDef> out = new ArrayList<>();
        for (ColumnDef c : columns) {
            out.add(keyNames.contains(c.name())
                    ? new ColumnDef(c.name(), c.type(), c.precision(), c.scale(), false, c.defaultSql()) : c);
        }
        return out;
    }

    private static List<Integer> keyPositions(List<ColumnDef> columns, List<String> keyNames, String table)
            throws SqlStateException {
        List<Integer> positions = new ArrayList<>();
        for (String key : keyNames) {
            int found = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(key)) {
                    found = i;
                }
            }
            if (found < 0) {
                throw new SqlStateException("42703", "column \"" + key + "\" named in key does not exist in table \"" + table + "\"");
            }
            positions.add(found);
        }
        return positions;
    }

    private List<String> identifierList() throws SqlStateException {
        expectSymbol("(");
        List<String> names = new ArrayList<>();
        do {
            names.add(identifier("column name"));
            if (!accept("ASC")) {
                accept("DESC");
            }
        } while (acceptSymbol(","));
        expectSymbol(")");
        return names;
    }

    private String identifier(String what) throws SqlStateException {
        Token t = next();
        if (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED) {
            throw error("expected " + what + ", found \"" + t.text() + "\"");
        }
        // schema-qualified names: only the default schema exists, so keep the last part.
        if (peek().isSymbol(".")) {
            next();
            return identifier(what);
        }
        return t.text();
    }

    private int integer() throws SqlStateException {
        Token t = next();
        if (t.kind() != Kind.NUMBER) {
            throw error("expected a number, found \"" + t.text() + "\"");
        }
        try {
            return Integer.parseInt(t.text());
        } catch (NumberFormatException e) {
            throw error("expected an integer, found \"" + t.text() + "\"");
        }
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        Token t = tokens.get(position);
        if (t.kind() != Kind.END) {
            position++;
        }
        return t;
    }

    private boolean accept(String word) {
        if (peek().is(word)) {
            position++;
            return true;
        }
        return false;
    }

    private boolean acceptSequence(String... words) throws SqlStateException {
        if (!peek().is(words[0])) {
            return false;
        }
        for (String w : words) {
            expect(w);
        }
        return true;
    }

    private void expect(String word) throws SqlStateException {
        if (!accept(word)) {
            throw error("expected " + word + ", found \"" + peek().text() + "\"");
        }
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            position++;
            return true;
        }
        return false;
    }

    private void expectSymbol(String symbol) throws SqlStateException {
        if (!acceptSymbol(symbol)) {
            throw error("expected \"" + symbol + "\", found \"" + peek().text() + "\"");
        }
    }

    private static SqlStateException notSupported(String what) {
        return new SqlStateException(SqlStates.FEATURE_NOT_SUPPORTED, what + " is not supported");
    }

    private SqlStateException error(String message) {
        return new SqlStateException(SqlStates.SYNTAX_ERROR, "syntax error at offset " + peek().start() + ": " + message);
    }
}

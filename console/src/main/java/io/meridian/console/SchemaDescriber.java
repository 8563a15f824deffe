package io.meridian.console;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's \d commands, answered from INFORMATION_SCHEMA: \d lists tables and views, \dS adds
 * the system tables, and \d name shows a table's or view's columns, primary key and indexes.
 */
final class SchemaDescriber {
    static final String USER_SCHEMA = "MERIDIAN";

    private final Connection connection;
    private final PrintStream out;

    SchemaDescriber(Connection connection, PrintStream out) {
        this.connection = connection;
        this.out = out;
    }

    /** A name as SQL reads it: unquoted parts fold to upper case, quoted ones keep their case. */
    record QualifiedName(String schema, String name) {
        static QualifiedName parse(String text) {
            List<String> parts = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        part.append('"');
                        i++;
                    } else {
                        quoted = !quoted;
                        wasQuoted = true;
                    }
                } else if (c == '.' && !quoted) {
                    parts.add(fold(part.toString(), wasQuoted));
                    part.setLength(0);
                    wasQuoted = false;
                } else {
                    part.append(c);
                }
            }
            parts.add(fold(part.toString(), wasQuoted));
            return parts.size() == 1 ? new QualifiedName(USER_SCHEMA, parts.get(0))
                    : new QualifiedName(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
        }

        private static String fold(String part, boolean quoted) {
            return quoted ? part : part.strip().toUpperCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return schema + "." + name;
        }
    }

    /** \d and \dS: one line per table and view. */
    void list(boolean withSystem) throws SQLException {
        String sql = "SELECT table_schema AS \"Schema\", table_name AS \"Name\", CAST(CASE table_type"
                + " WHEN 'BASE TABLE' THEN 'table' WHEN 'VIEW' THEN 'view' ELSE 'system view' END AS VARCHAR) AS \"Type\""
                + " FROM information_schema.tables" + (withSystem ? "" : " WHERE table_schema = '" + USER_SCHEMA + "'")
                + " ORDER BY 1, 2";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            int rows = TablePrinter.print(rs, out);
            out.printf(Locale.ROOT, "(%d relation%s)%n", rows, rows == 1 ? "" : "s");
        }
    }

    /** \d name; false when there is no such table or view. */
    boolean describe(String text) throws SQLException {
        QualifiedName name = QualifiedName.parse(text.strip());
        String type = relationType(name);
        if (type == null) {
            out.println("Did not find any table or view named \"" + name + "\".");
            return false;
        }
        out.println((type.equals("VIEW") ? "View" : "Table") + " \"" + name + "\"");
        printColumns(name);
        if (type.equals("VIEW")) {
            printViewQuery(name);
        } else {
            printKeysAndIndexes(name);
        }
        return true;
    }

    private String relationType(QualifiedName name) throws SQLException {
        List<String[]> rows = query("SELECT table_type FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                name);
        return rows.isEmpty() ? null : rows.get(0)[0];
    }

    private void printColumns(QualifiedName name) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        for (String[] c : query("SELECT column_name, column_type, is_nullable, column_default FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position", name)) {
            rows.add(new String[] {c[0], c[1], c[2].equals("NO") ? "not null" : "", c[3] == null ? "" : c[3]});
        }
        TablePrinter.print(new String[] {"Column", "Type", "Nullable", "Default"}, new boolean[4], rows, out);
    }

    private void printViewQuery(QualifiedName name) throws SQLException {
        for (String[] v : query("SELECT view_definition FROM information_schema.views WHERE table_schema = ? AND table_name = ?",
                name)) {
            out.println("Query: " + v[0]);
        }
    }

    /** The primary key, then the secondary indexes, each as NAME [UNIQUE] (COLUMN [DESC], ...). */
    private void printKeysAndIndexes(QualifiedName name) throws SQLException {
        Map<String, StringBuilder> indexes = new LinkedHashMap<>();
        String primaryKey = null;
        for (String[] i : query("SELECT index_name, index_type, is_unique, column_name, column_ordering"
                + " FROM information_schema.indexes WHERE table_schema = ? AND table_name = ?"
                + " ORDER BY index_type DESC, index_name, ordinal_position", name)) {
            boolean isPrimary = i[1].equals("PRIMARY KEY");
            if (isPrimary) {
                primaryKey = i[0];
            }
            StringBuilder columns = indexes.computeIfAbsent(i[0], k -> new StringBuilder(
                    k + (!isPrimary && Boolean.parseBoolean(i[2]) ? " UNIQUE" : "") + " ("));
            if (columns.charAt(columns.length() - 1) != '(') {
                columns.append(", ");
            }
            columns.append(i[3]).append(i[4].equals("DESC") ? " DESC" : "");
        }
        if (primaryKey == null) {
            out.println("Primary key: none (rows are keyed by a hidden row id)");
        } else {
            out.println("Primary key: " + indexes.remove(primaryKey) + ")");
        }
        if (!indexes.isEmpty()) {
            out.println("Indexes:");
            indexes.values().forEach(index -> out.println("    " + index + ")"));
        }
    }

    private List<String[]> query(String sql, QualifiedName name) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name.schema());
            statement.setString(2, name.name());
            try (ResultSet rs = statement.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[width];
                    for (int i = 0; i < width; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}

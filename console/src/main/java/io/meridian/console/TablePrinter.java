package io.meridian.console;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a result set as an aligned text table, numbers right-aligned, NULL shown as NULL. A cell
 * with line breaks (an EXPLAIN plan, a view's query) spans several printed lines, so a plan reads
 * as one operator per line instead of one wide cell.
 */
final class TablePrinter {
    static final int ROWS_SHOWN_MAX = 10_000;

    private TablePrinter() {
    }

    /** Prints the table and returns how many rows the result had. */
    static int print(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int width = meta.getColumnCount();
        String[] header = new String[width];
        boolean[] numeric = new boolean[width];
        for (int i = 0; i < width; i++) {
            header[i] = meta.getColumnLabel(i + 1);
            numeric[i] = meta.isSigned(i + 1);
        }
        List<String[]> rows = new ArrayList<>();
        int total = 0;
        while (rs.next()) {
            total++;
            if (rows.size() >= ROWS_SHOWN_MAX) {
                continue;
            }
            String[] row = new String[width];
            for (int i = 0; i < width; i++) {
                String v = rs.getString(i + 1);
                row[i] = v == null ? "NULL" : v;
            }
            rows.add(row);
        }
        print(header, numeric, rows, out);
        if (total > rows.size()) {
            out.println("... " + (total - rows.size()) + " more rows not shown");
        }
        return total;
    }

    /** Prints rows under a header; {@code rightAlign} marks numeric columns. */
    static void print(String[] header, boolean[] rightAlign, List<String[]> rows, PrintStream out) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                for (String line : lines(row[i])) {
                    widths[i] = Math.max(widths[i], line.length());
                }
            }
        }
        printRow(out, header, widths, new boolean[header.length]);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < header.length; i++) {
            rule.append(i > 0 ? "-+-" : "").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (String[] row : rows) {
            printRow(out, row, widths, rightAlign);
        }
    }

    private static String[] lines(String cell) {
        return cell.stripTrailing().split("\r?\n", -1);
    }

    private static void printRow(PrintStream out, String[] cells, int[] widths, boolean[] rightAlign) {
        String[][] cellLines = new String[cells.length][];
        int height = 1;
        for (int i = 0; i < cells.length; i++) {
            cellLines[i] = lines(cells[i]);
            height = Math.max(height, cellLines[i].length);
        }
        for (int l = 0; l < height; l++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                String text = l < cellLines[i].length ? cellLines[i][l] : "";
                line.append(i > 0 ? " | " : "");
                String pad = " ".repeat(widths[i] - text.length());
                line.append(rightAlign[i] ? pad + text : text + (i < cells.length - 1 ? pad : ""));
            }
            out.println(line);
        }
    }
}

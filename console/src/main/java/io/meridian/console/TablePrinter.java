package io.meridian.console;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Prints a result set as an aligned text table, numbers right-aligned, NULL shown as NULL. */
final class TablePrinter {
    static final int ROWS_SHOWN_MAX = 10_000;

    private TablePrinter() {
    }

    /** Prints the table and returns how many rows the result had. */
    static int print(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int width = meta.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        int[] widths = new int[width];
        boolean[] numeric = new boolean[width];
        String[] header = new String[width];
        for (int i = 0; i < width; i++) {
            header[i] = meta.getColumnLabel(i + 1);
            widths[i] = header[i].length();
            numeric[i] = meta.isSigned(i + 1);
        }
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
                widths[i] = Math.max(widths[i], row[i].length());
            }
            rows.add(row);
        }
        printRow(out, header, widths, new boolean[width]);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width; i++) {
            rule.append(i > 0 ? "-+-" : "").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (String[] row : rows) {
            printRow(out, row, widths, numeric);
        }
        if (total > rows.size()) {
            out.println("... " + (total - rows.size()) + " more rows not shown");
        }
        return total;
    }

    private static void printRow(PrintStream out, String[] cells, int[] widths, boolean[] rightAlign) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i > 0 ? " | " : "");
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(rightAlign[i] ? pad + cells[i] : cells[i] + (i < cells.length - 1 ? pad : ""));
        }
        out.println(line);
    }
}

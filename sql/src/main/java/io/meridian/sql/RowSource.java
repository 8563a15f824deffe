package io.meridian.sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Where a {@link QueryCursor} reads its rows: a plan run directly, or a Calcite JDBC result set. */
interface RowSource {
    /** Moves to the next row; false at the end. */
    boolean next() throws SQLException;

    /** Column {@code index} (1-based) of the current row, as JDBC's {@code getObject} returns it. */
    Object get(int index) throws SQLException;

    void close() throws SQLException;

    static RowSource of(ResultSet rs) {
        return new RowSource() {
            @Override
            public boolean next() throws SQLException {
                return rs.next();
            }

            @Override
            public Object get(int index) throws SQLException {
                return rs.getObject(index);
            }

            @Override
            public void close() throws SQLException {
                rs.close();
            }
        };
    }
}

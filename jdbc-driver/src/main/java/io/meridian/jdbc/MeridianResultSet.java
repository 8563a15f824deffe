package io.meridian.jdbc;

import io.meridian.rpc.api.ValueCodec;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.CloseCursor;
import io.meridian.rpc.client.Column;
import io.meridian.rpc.client.Fetch;
import io.meridian.rpc.client.ResultBatch;
import io.meridian.rpc.client.Row;
import io.meridian.rpc.client.Value;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A forward-only result set that pulls further row batches from the server as it is read. */
public final class MeridianResultSet extends ReadOnlyResultSet {
    private final MeridianStatement statement;
    private final List<Column> columns;
    private final int fetchSize;
    private long cursorId;
    private boolean hasMore;
    /** The rows of the batch being read, each a row's values. */
    private List<? extends List<Value>> batch;
    private int position = -1;
    private int rowNumber;
    private boolean wasNull;
    private boolean closed;
    private boolean tracked;

    MeridianResultSet(MeridianStatement statement, ResultBatch first, int fetchSize) {
        this(statement, first.getColumnsList(), valuesOf(first.getRowsList()), first.getCursorId(), first.getHasMore(),
                fetchSize);
    }

    /** A result whose first rows came without a response message (an in-process server's). */
    MeridianResultSet(MeridianStatement statement, List<Column> columns, List<? extends List<Value>> firstRows,
            long cursorId, boolean hasMore, int fetchSize) {
        this.statement = statement;
        this.columns = columns;
        this.fetchSize = fetchSize;
        this.cursorId = cursorId;
        this.hasMore = hasMore;
        this.batch = firstRows;
    }

    /** Each row's values, read as the caller asks for them. */
    private static List<List<Value>> valuesOf(List<Row> rows) {
        return new java.util.AbstractList<>() {
            @Override
            public List<Value> get(int index) {
                return rows.get(index).getValuesList();
            }

            @Override
            public int size() {
                return rows.size();
            }
        };
    }

    /** The server holds a cursor for us until we drain or close this result set. */
    void trackOpenCursor() {
        tracked = true;
        statement.connection.resultSetOpened();
    }

    private void untrack() {
        if (tracked) {
            tracked = false;
            statement.connection.resultSetClosed();
        }
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.closed("result set");
        }
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (position + 1 < batch.size()) {
            position++;
            rowNumber++;
            return true;
        }
        while (hasMore) {
            ResultBatch next = statement.connection.session().call(ClientRequest.newBuilder()
                    .setFetch(Fetch.newBuilder().setCursorId(cursorId).setFetchSize(fetchSize))).getResult();
            hasMore = next.getHasMore();
            if (!hasMore) {
                untrack();
            }
            batch = valuesOf(next.getRowsList());
            position = -1;
            if (!batch.isEmpty()) {
                position = 0;
                rowNumber++;
                return true;
            }
        }
        position = batch.size();
        return false;
    }

    private Value value(int columnIndex) throws SQLException {
        checkOpen();
        if (position < 0 || position >= batch.size()) {
            throw Errors.of("24000", "no current row: call next() first", null);
        }
        if (columnIndex < 1 || columnIndex > columns.size()) {
            throw Errors.of("07009", "column index " + columnIndex + " out of range 1.." + columns.size(), null);
        }
        Value v = batch.get(position).get(columnIndex - 1);
        wasNull = v.getKindCase() == Value.KindCase.IS_NULL || v.getKindCase() == Value.KindCase.KIND_NOT_SET;
        return v;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closeFromStatement();
        statement.resultSetClosed();
    }

    void closeFromStatement() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        untrack();
        if (hasMore && !statement.connection.isClosed()) {
            statement.connection.session().call(ClientRequest.newBuilder()
                    .setCloseCursor(CloseCursor.newBuilder().setCursorId(cursorId)));
        }
        hasMore = false;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        return switch (v.getKindCase()) {
            case IS_NULL, KIND_NOT_SET -> null;
            case TEXT -> v.getText();
            case INT64 -> Long.toString(v.getInt64());
            case FLOAT64 -> Double.toString(v.getFloat64());
            case DECIMAL -> v.getDecimal();
            case BOOLEAN -> Boolean.toString(v.getBoolean());
            case BINARY -> java.util.HexFormat.of().formatHex(v.getBinary().toByteArray());
            default -> String.valueOf(ValueCodec.toJava(v));
        };
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        return switch (v.getKindCase()) {
            case IS_NULL, KIND_NOT_SET -> false;
            case BOOLEAN -> v.getBoolean();
            case INT64 -> v.getInt64() != 0;
            case FLOAT64 -> v.getFloat64() != 0;
            case DECIMAL -> new BigDecimal(v.getDecimal()).signum() != 0;
            case TEXT -> parseBoolean(v.getText());
            default -> throw conversion(columnIndex, "boolean");
        };
    }

    private static boolean parseBoolean(String text) throws SQLException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("1") || t.equals("t")) {
            return true;
        }
        if (t.equals("false") || t.equals("0") || t.equals("f")) {
            return false;
        }
        throw Errors.of("22018", "cannot convert \"" + text + "\" to boolean", null);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return (byte) exactLong(columnIndex, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return (short) exactLong(columnIndex, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return (int) exactLong(columnIndex, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return exactLong(columnIndex, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long exactLong(int columnIndex, long min, long max) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        if (d == null) {
            return 0;
        }
        BigDecimal whole = d.setScale(0, RoundingMode.DOWN);
        if (whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw Errors.of("22003", "value " + d + " of column " + columnIndex + " is out of range", null);
        }
        return whole.longValue();
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return (float) getDouble(columnIndex);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        return switch (v.getKindCase()) {
            case IS_NULL, KIND_NOT_SET -> 0;
            case FLOAT64 -> v.getFloat64();
            case INT64 -> v.getInt64();
            case DECIMAL -> Double.parseDouble(v.getDecimal());
            case BOOLEAN -> v.getBoolean() ? 1 : 0;
            case TEXT -> parseDouble(v.getText());
            default -> throw conversion(columnIndex, "double");
        };
    }

    private static double parseDouble(String text) throws SQLException {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw Errors.of("22018", "cannot convert \"" + text + "\" to a number", e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        try {
            return switch (v.getKindCase()) {
                case IS_NULL, KIND_NOT_SET -> null;
                case INT64 -> BigDecimal.valueOf(v.getInt64());
                case FLOAT64 -> BigDecimal.valueOf(v.getFloat64());
                case DECIMAL -> new BigDecimal(v.getDecimal());
                case BOOLEAN -> v.getBoolean() ? BigDecimal.ONE : BigDecimal.ZERO;
                case TEXT -> new BigDecimal(v.getText().trim());
                default -> throw conversion(columnIndex, "number");
            };
        } catch (NumberFormatException e) {
            throw Errors.of("22018", "column " + columnIndex + " does not hold a number", e);
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        return switch (v.getKindCase()) {
            case IS_NULL, KIND_NOT_SET -> null;
            case BINARY -> v.getBinary().toByteArray();
            case TEXT -> v.getText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            default -> throw conversion(columnIndex, "bytes");
        };
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        Object o = ValueCodec.toJava(value(columnIndex));
        if (o == null || o instanceof Date) {
            return (Date) o;
        }
        if (o instanceof Timestamp ts) {
            return Date.valueOf(ts.toLocalDateTime().toLocalDate());
        }
        if (o instanceof String s) {
            return Date.valueOf(s.trim());
        }
        throw conversion(columnIndex, "date");
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        Object o = ValueCodec.toJava(value(columnIndex));
        if (o == null || o instanceof Time) {
            return (Time) o;
        }
        if (o instanceof Timestamp ts) {
            return Time.valueOf(ts.toLocalDateTime().toLocalTime());
        }
        throw conversion(columnIndex, "time");
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        Object o = ValueCodec.toJava(value(columnIndex));
        if (o == null || o instanceof Timestamp) {
            return (Timestamp) o;
        }
        if (o instanceof Date d) {
            return Timestamp.valueOf(d.toLocalDate().atStartOfDay());
        }
        if (o instanceof String s) {
            return Timestamp.valueOf(s.trim());
        }
        throw conversion(columnIndex, "timestamp");
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        return getDate(columnIndex);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        return getTime(columnIndex);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        return getTimestamp(columnIndex);
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        Object o = ValueCodec.toJava(value(columnIndex));
        // Narrow integers to the column's declared JDBC type, as drivers conventionally do.
        if (o instanceof Long l) {
            int type = columns.get(columnIndex - 1).getSqlType();
            if (type == java.sql.Types.INTEGER) {
                return l.intValue();
            }
            if (type == java.sql.Types.SMALLINT) {
                return l.shortValue();
            }
            if (type == java.sql.Types.TINYINT) {
                return l.byteValue();
            }
        }
        if (o instanceof Double d && columns.get(columnIndex - 1).getSqlType() == java.sql.Types.REAL) {
            return d.floatValue();
        }
        return o;
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        Object result;
        if (type == String.class) {
            result = getString(columnIndex);
        } else if (type == Long.class) {
            result = getLong(columnIndex);
        } else if (type == Integer.class) {
            result = getInt(columnIndex);
        } else if (type == Short.class) {
            result = getShort(columnIndex);
        } else if (type == Byte.class) {
            result = getByte(columnIndex);
        } else if (type == Double.class) {
            result = getDouble(columnIndex);
        } else if (type == Float.class) {
            result = getFloat(columnIndex);
        } else if (type == Boolean.class) {
            result = getBoolean(columnIndex);
        } else if (type == BigDecimal.class) {
            result = getBigDecimal(columnIndex);
        } else if (type == byte[].class) {
            result = getBytes(columnIndex);
        } else if (type == Date.class) {
            result = getDate(columnIndex);
        } else if (type == Time.class) {
            result = getTime(columnIndex);
        } else if (type == Timestamp.class) {
            result = getTimestamp(columnIndex);
        } else if (type == LocalDate.class) {
            Date d = getDate(columnIndex);
            result = d == null ? null : d.toLocalDate();
        } else if (type == LocalTime.class) {
            Time t = getTime(columnIndex);
            result = t == null ? null : t.toLocalTime();
        } else if (type == LocalDateTime.class) {
            Timestamp t = getTimestamp(columnIndex);
            result = t == null ? null : t.toLocalDateTime();
        } else if (type == Object.class) {
            result = getObject(columnIndex);
        } else {
            throw Errors.of("22023", "cannot convert to " + type.getName(), null);
        }
        return wasNull ? null : type.cast(result);
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return getObject(columnIndex);
    }

    private SQLException conversion(int columnIndex, String target) {
        return Errors.of("22018", "column " + columnIndex + " (" + columns.get(columnIndex - 1).getTypeName()
                + ") cannot be read as " + target, null);
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).getLabel().equalsIgnoreCase(columnLabel)) {
                return i + 1;
            }
        }
        throw Errors.of("42703", "column \"" + columnLabel + "\" is not in the result", null);
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    @SuppressWarnings("deprecation")
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() {
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new MeridianResultSetMetaData(columns);
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return rowNumber == 0 && (!batch.isEmpty() || hasMore);
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return position >= batch.size() && !hasMore && rowNumber > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return rowNumber == 1 && position < batch.size();
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return position >= 0 && position < batch.size() ? rowNumber : 0;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != FETCH_FORWARD) {
            throw Errors.unsupported("fetch direction other than forward");
        }
    }

    @Override
    public int getFetchDirection() {
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        if (rows < 0) {
            throw Errors.of("22023", "fetch size must not be negative", null);
        }
    }

    @Override
    public int getFetchSize() {
        return fetchSize;
    }

    @Override
    public int getType() {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public int getHoldability() {
        return CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}

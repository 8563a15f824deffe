package io.meridian.sql;

import io.meridian.sql.calcite.TableAccess;
import io.meridian.sql.dialect.MeridianPrepare;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Iterator;
import java.util.List;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.AvaticaSite;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.avatica.util.ArrayImpl;
import org.apache.calcite.avatica.util.Cursor;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import io.meridian.sql.plan.MeridianScan;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.runtime.Hook;

/**
 * A query planned once and run many times, by any session: Calcite's signature (the compiled
 * plan, its parameter types and result columns), run without Calcite's JDBC layer. Parameters are
 * converted and results read with the same Avatica code Calcite's result sets use, so values
 * are exactly what {@code ResultSet.getObject} returned before; what is skipped is the per-execution
 * work of the JDBC layer (re-parsing connection properties, statement and result-set objects).
 *
 * <p>Shareable between sessions because the plan reads through the executing session
 * ({@link TableAccess#CONTEXT_NAME} in the execution's context), and the catalog version it was
 * planned for is part of the cache key.
 */
final class PreparedQuery {
    private final CalcitePrepare.CalciteSignature<Object> signature;
    private final List<ResultColumn> columns;
    private final boolean readsOnlyMeridianTables;
    private final Class<?>[] jdbcClasses;
    /** Per parameter, the class of a JDBC value that is already Calcite's internal value (see {@link #jdbcClasses}). */
    private final Class<?>[] parameterClasses;

    private PreparedQuery(CalcitePrepare.CalciteSignature<Object> signature, boolean readsOnlyMeridianTables) {
        this.signature = signature;
        this.readsOnlyMeridianTables = readsOnlyMeridianTables;
        List<ResultColumn> out = new ArrayList<>(signature.columns.size());
        for (ColumnMetaData c : signature.columns) {
            out.add(new ResultColumn(c.label, c.type.id, c.type.name, c.nullable != java.sql.ResultSetMetaData.columnNoNulls,
                    c.precision, c.scale, c.tableName));
        }
        this.columns = List.copyOf(out);
        this.jdbcClasses = jdbcClasses(signature.columns);
        this.parameterClasses = new Class<?>[signature.parameters.size()];
        for (int i = 0; i < parameterClasses.length; i++) {
            parameterClasses[i] = jdbcClass(signature.parameters.get(i).parameterType);
        }
    }

    /** Plans {@code sql} on the session's Calcite connection, as its {@code prepareStatement} would. */
    static PreparedQuery plan(CalciteConnection calcite, String sql) throws SQLException {
        CalcitePrepare.Context context = calcite.createPrepareContext();
        boolean[] meridianOnly = new boolean[1];
        CalcitePrepare.Dummy.push(context);
        try (Hook.Closeable ignored = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread(
                (RelRoot root) -> meridianOnly[0] = readsOnlyMeridianTables(root.rel))) {
            CalcitePrepare.CalciteSignature<Object> signature = MeridianPrepare.create().prepareSql(context,
                    CalcitePrepare.Query.of(sql), Object[].class, -1);
            return new PreparedQuery(signature, meridianOnly[0]);
        } catch (RuntimeException e) {
            throw new SQLException("Error while preparing statement [" + sql + "]", e);
        } finally {
            CalcitePrepare.Dummy.pop(context);
        }
    }

    /**
     * Whether the optimised plan reads nothing but Meridian tables, which read through the
     * executing session. Other scans (INFORMATION_SCHEMA's tables, bound to the session that
     * planned) make a plan private to its session.
     */
    private static boolean readsOnlyMeridianTables(RelNode rel) {
        if (rel instanceof TableFunctionScan || (rel instanceof TableScan && !(rel instanceof MeridianScan))) {
            return false;
        }
        for (RelNode input : rel.getInputs()) {
            if (!readsOnlyMeridianTables(input)) {
                return false;
            }
        }
        return true;
    }

    /** Whether sessions other than the planning one may run this plan (see {@link #readsOnlyMeridianTables}). */
    boolean shareable() {
        return readsOnlyMeridianTables;
    }

    /**
     * True when every result column is a scalar: ARRAY, MULTISET and STRUCT values need Calcite's
     * result set to build them, so such queries keep running through it.
     */
    boolean scalarColumns() {
        for (ColumnMetaData c : signature.columns) {
            int id = c.type.id;
            if (id == Types.ARRAY || id == Types.STRUCT || id == Types.JAVA_OBJECT || id == Types.OTHER) {
                return false;
            }
        }
        return true;
    }

    List<ResultColumn> columns() {
        return columns;
    }

    int parameterCount() {
        return signature.parameters.size();
    }

    List<ResultColumn> parameters() {
        List<ResultColumn> out = new ArrayList<>();
        for (AvaticaParameter p : signature.parameters) {
            out.add(new ResultColumn("", p.parameterType, p.typeName, true, p.precision, p.scale, ""));
        }
        return out;
    }

    /**
     * The parameters in Calcite's internal representation, converted from JDBC values as
     * {@code PreparedStatement.setObject} converts them (to the type the planner inferred), after
     * {@link ParameterBinder#convert} has turned text into numbers or refused the value.
     */
    Object[] bind(List<Object> values, Calendar calendar) throws SqlStateException {
        if (values.size() != signature.parameters.size()) {
            throw new SqlStateException("07001", "statement has " + signature.parameters.size() + " parameters but "
                    + values.size() + " values were bound");
        }
        TypedValue[] slots = new TypedValue[values.size()];
        Object[] local = new Object[values.size()];
        for (int i = 0; i < slots.length; i++) {
            Object given = values.get(i);
            if (given != null && given.getClass() == parameterClasses[i]) {
                local[i] = given; // what the conversions below would return, unchanged
                continue;
            }
            AvaticaParameter parameter = signature.parameters.get(i);
            Object value = ParameterBinder.convert(given, parameter.parameterType, parameter.typeName, i + 1);
            new AvaticaSite(parameter, calendar, i, slots).setObject(value);
            local[i] = slots[i].toLocal();
        }
        return local;
    }

    /**
     * Starts an execution; rows are computed as the source is read. The plan's enumerator is read
     * directly; Avatica's cursor, which converts values whose internal class is not their JDBC
     * class, is made only when such a value is first read, and then follows the current row.
     */
    RowSource open(ExecutionContext.Factory contexts, Object[] parameters, Calendar calendar) {
        ExecutionContext context = contexts.create(signature.internalParameters, parameters);
        Enumerator<Object> rows = signature.enumerable(context).enumerator();
        List<ColumnMetaData> meta = signature.columns;
        return new RowSource() {
            private Object current;
            private long row;
            private Cursor cursor;
            private long cursorRow;
            private List<Cursor.Accessor> accessors;

            @Override
            public boolean next() {
                if (!rows.moveNext()) {
                    return false;
                }
                current = rows.current();
                row++;
                return true;
            }

            @Override
            public Object get(int index) throws SQLException {
                Object raw = rawValue(current, index - 1);
                if (raw != null && raw.getClass() == jdbcClasses[index - 1]) {
                    return raw;
                }
                if (accessors == null) {
                    Iterator<Object> currentRow = new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return true;
                        }

                        @Override
                        public Object next() {
                            return current;
                        }
                    };
                    cursor = MetaImpl.createCursor(signature.cursorFactory, () -> currentRow);
                    accessors = cursor.createAccessors(meta, calendar, NO_ARRAYS); // they read the cursor's row
                }
                if (cursorRow != row) {
                    cursor.next(); // moves the cursor onto the current row
                    cursorRow = row;
                }
                ColumnMetaData c = meta.get(index - 1);
                return AvaticaSite.get(accessors.get(index - 1), c.type.id, c.signed, calendar);
            }

            @Override
            public void close() {
                rows.close();
                if (cursor != null) {
                    cursor.close();
                }
            }
        };
    }

    /**
     * The plan's own value of column {@code column} in {@code row}, when rows are arrays or bare
     * values (Calcite's usual shapes); else null, and the Avatica accessor decides.
     */
    private Object rawValue(Object row, int column) {
        return switch (signature.cursorFactory.style) {
            case ARRAY -> ((Object[]) row)[column];
            case OBJECT -> row;
            default -> null;
        };
    }

    /**
     * Per column, the class of a value that {@code ResultSet.getObject} returns unchanged (the
     * internal and the JDBC representation are the same class), or null: such values skip the
     * accessor, which would unbox and box them again. CHAR is not among them (JDBC pads it),
     * nor are DECIMAL, dates and times (converted).
     */
    private static Class<?>[] jdbcClasses(List<ColumnMetaData> columns) {
        Class<?>[] out = new Class<?>[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = jdbcClass(columns.get(i).type.id);
        }
        return out;
    }

    private static Class<?> jdbcClass(int sqlType) {
        return switch (sqlType) {
            case Types.BIGINT -> Long.class;
            case Types.INTEGER -> Integer.class;
            case Types.SMALLINT -> Short.class;
            case Types.TINYINT -> Byte.class;
            case Types.DOUBLE -> Double.class;
            case Types.BOOLEAN -> Boolean.class;
            case Types.VARCHAR -> String.class;
            default -> null;
        };
    }

    /** {@link #scalarColumns} keeps collection-valued results away from the direct path. */
    private static final ArrayImpl.Factory NO_ARRAYS = new ArrayImpl.Factory() {
        @Override
        public java.sql.ResultSet create(ColumnMetaData.AvaticaType elementType, Iterable<Object> iterable) {
            throw new IllegalStateException("a directly run plan returned a collection value");
        }

        @Override
        public java.sql.Array createArray(ColumnMetaData.AvaticaType elementType, Iterable<Object> iterable) {
            throw new IllegalStateException("a directly run plan returned a collection value");
        }
    };
}

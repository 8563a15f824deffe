package io.meridian.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * DatabaseMetaData.getTypeInfo: the column types CREATE TABLE accepts, ordered by DATA_TYPE as
 * the javadoc asks. Precision is the largest value a column of the type may declare (or holds).
 */
final class TypeInfoRows {
    private static final int UNBOUNDED = Integer.MAX_VALUE;
    /** Matches the SQL layer's type system (MeridianTypeSystem.DECIMAL_DIGITS_MAX). */
    private static final int DECIMAL_DIGITS_MAX = 38;

    private TypeInfoRows() {
    }

    static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(exact("TINYINT", Types.TINYINT, 3));
        rows.add(exact("BIGINT", Types.BIGINT, 19));
        rows.add(binary("VARBINARY", Types.VARBINARY, "length"));
        rows.add(binary("BINARY", Types.BINARY, "length"));
        rows.add(text("CHAR", Types.CHAR, "length"));
        rows.add(new Object[] {"DECIMAL", Types.DECIMAL, DECIMAL_DIGITS_MAX, null, null, "precision,scale",
                DatabaseMetaData.typeNullable, false, DatabaseMetaData.typeSearchable, false, true, false, "DECIMAL",
                0, DECIMAL_DIGITS_MAX, null, null, 10});
        rows.add(exact("INTEGER", Types.INTEGER, 10));
        rows.add(exact("SMALLINT", Types.SMALLINT, 5));
        rows.add(approximate("REAL", Types.REAL, 24));
        rows.add(approximate("DOUBLE", Types.DOUBLE, 53));
        rows.add(text("VARCHAR", Types.VARCHAR, "length"));
        rows.add(new Object[] {"BOOLEAN", Types.BOOLEAN, 1, null, null, null, DatabaseMetaData.typeNullable, false,
                DatabaseMetaData.typeSearchable, false, false, false, "BOOLEAN", 0, 0, null, null, null});
        rows.add(datetime("DATE", Types.DATE, 10, "DATE '"));
        rows.add(datetime("TIME", Types.TIME, 8, "TIME '"));
        rows.add(datetime("TIMESTAMP", Types.TIMESTAMP, 23, "TIMESTAMP '"));
        return rows;
    }

    private static Object[] exact(String name, int type, int digits) {
        return new Object[] {name, type, digits, null, null, null, DatabaseMetaData.typeNullable, false,
                DatabaseMetaData.typeSearchable, false, false, false, name, 0, 0, null, null, 10};
    }

    private static Object[] approximate(String name, int type, int bits) {
        return new Object[] {name, type, bits, null, null, null, DatabaseMetaData.typeNullable, false,
                DatabaseMetaData.typeSearchable, false, false, false, name, null, null, null, null, 2};
    }

    private static Object[] text(String name, int type, String params) {
        return new Object[] {name, type, UNBOUNDED, "'", "'", params, DatabaseMetaData.typeNullable, true,
                DatabaseMetaData.typeSearchable, null, false, false, name, null, null, null, null, null};
    }

    private static Object[] binary(String name, int type, String params) {
        return new Object[] {name, type, UNBOUNDED, "X'", "'", params, DatabaseMetaData.typeNullable, false,
                DatabaseMetaData.typePredBasic, null, false, false, name, null, null, null, null, null};
    }

    private static Object[] datetime(String name, int type, int length, String prefix) {
        return new Object[] {name, type, length, prefix, "'", null, DatabaseMetaData.typeNullable, false,
                DatabaseMetaData.typeSearchable, null, false, false, name, 0, 0, null, null, null};
    }
}

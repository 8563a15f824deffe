package io.meridian.sql;

/** The SQLStates Meridian raises. */
public final class SqlStates {
    public static final String SYNTAX_ERROR = "42601";
    public static final String UNDEFINED_TABLE = "42P01";
    public static final String UNDEFINED_COLUMN = "42703";
    public static final String DUPLICATE_TABLE = "42P07";
    public static final String DUPLICATE_OBJECT = "42710";
    public static final String UNDEFINED_OBJECT = "42704";
    public static final String WRONG_OBJECT_TYPE = "42809";
    public static final String SYNTAX_OR_ACCESS_RULE = "42000";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String NOT_NULL_VIOLATION = "23502";
    public static final String INVALID_TEXT_REPRESENTATION = "22P02";
    public static final String NUMERIC_OUT_OF_RANGE = "22003";
    public static final String DATA_EXCEPTION = "22000";
    public static final String DIVISION_BY_ZERO = "22012";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String COMPLETION_UNKNOWN = "40003";
    public static final String NO_ACTIVE_TRANSACTION = "25P01";
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    public static final String CONNECTION_FAILURE = "08006";
    public static final String INTERNAL_ERROR = "XX000";

    private SqlStates() {
    }
}

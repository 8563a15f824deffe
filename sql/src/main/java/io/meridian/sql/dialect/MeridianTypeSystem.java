package io.meridian.sql.dialect;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Result types of aggregates, as PostgreSQL and SQLite give them rather than Calcite's defaults:
 * SUM over integers is a BIGINT (a sum of INTEGERs must not overflow at 2^31), SUM over decimals
 * keeps the scale at the widest precision, and AVG over integers is a DOUBLE (the average of 1 and
 * 2 is 1.5, not 1). CASE and UNION over strings of different lengths yield VARCHAR, so a
 * shorter string is not padded with blanks to the longest one's length.
 */
public final class MeridianTypeSystem extends RelDataTypeSystemImpl {
    public static final MeridianTypeSystem INSTANCE = new MeridianTypeSystem();
    /**
     * DECIMAL holds up to 38 digits (as in SQL Server and Oracle), twice a BIGINT: with Calcite's
     * 19, the common type of a BIGINT and a DECIMAL(4, 2) had no room for the fraction, so
     * {@code CASE WHEN c THEN 1 + 1 ELSE 99.48 END} gave 99.
     */
    static final int DECIMAL_DIGITS_MAX = 38;

    @Override
    public int getMaxNumericPrecision() {
        return DECIMAL_DIGITS_MAX;
    }

    @Override
    public int getMaxNumericScale() {
        return DECIMAL_DIGITS_MAX;
    }

    private MeridianTypeSystem() {
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory factory, RelDataType argumentType) {
        SqlTypeName name = argumentType.getSqlTypeName();
        RelDataType sum;
        if (SqlTypeUtil.isIntType(argumentType)) {
            sum = factory.createSqlType(SqlTypeName.BIGINT);
        } else if (name == SqlTypeName.DECIMAL) {
            sum = factory.createSqlType(SqlTypeName.DECIMAL, getMaxNumericPrecision(), argumentType.getScale());
        } else {
            return argumentType;
        }
        return factory.createTypeWithNullability(sum, argumentType.isNullable());
    }

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argumentType) {
        if (SqlTypeUtil.isIntType(argumentType)) {
            return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
        }
        return super.deriveAvgAggType(factory, argumentType);
    }
}

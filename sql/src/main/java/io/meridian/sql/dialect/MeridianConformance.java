package io.meridian.sql.dialect;

import org.apache.calcite.sql.validate.SqlAbstractConformance;

/**
 * The SQL dialect rules Meridian validates with: standard SQL plus the widely shared extensions
 * that PostgreSQL, MySQL and SQLite all accept, and none that would give a query a second meaning.
 *
 * <ul>
 *   <li>GROUP BY and HAVING may name a select-list alias or position (a real column wins);</li>
 *   <li>{@code %} is the remainder operator and {@code !=} means {@code <>};</li>
 *   <li>OFFSET may come before or after LIMIT;</li>
 *   <li>arithmetic is checked: an overflow is an error (22003), never a wrapped value.</li>
 * </ul>
 */
public final class MeridianConformance extends SqlAbstractConformance {
    public static final MeridianConformance INSTANCE = new MeridianConformance();

    private MeridianConformance() {
    }

    @Override
    public boolean isGroupByAlias() {
        return true;
    }

    @Override
    public boolean isGroupByOrdinal() {
        return true;
    }

    @Override
    public boolean isHavingAlias() {
        return true;
    }

    @Override
    public boolean isSortByOrdinal() {
        return true;
    }

    @Override
    public boolean isSortByAlias() {
        return true;
    }

    @Override
    public boolean isFromRequired() {
        return false;
    }

    @Override
    public boolean isBangEqualAllowed() {
        return true;
    }

    @Override
    public boolean isPercentRemainderAllowed() {
        return true;
    }

    @Override
    public boolean isOffsetLimitAllowed() {
        return true;
    }

    @Override
    public boolean checkedArithmetic() {
        return true;
    }
}

package io.meridian.sql.dialect;

import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * The words Meridian's SQL parser reserves (SELECT, ORDER, VALUE, YEAR, COUNT, AT...): unquoted,
 * they cannot name a table or column in a query, so a syntax error at one says to quote it. DDL
 * still accepts them unquoted (its own parser can tell a name from a keyword, and PostgreSQL
 * accepts many of them), so such a table can be created and then used with quoted names.
 */
public final class ReservedWords {
    private static final SqlAbstractParserImpl.Metadata METADATA =
            SqlParser.create("", MeridianPrepare.PARSER_CONFIG).getMetadata();

    private ReservedWords() {
    }

    /** Whether {@code word} (any case) is reserved. */
    public static boolean isReserved(String word) {
        return METADATA.isReservedWord(word.toUpperCase(java.util.Locale.ROOT));
    }

}

package io.meridian.sql.dialect;

import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * The words Meridian's SQL parser reserves (SELECT, ORDER, VALUE, YEAR, COUNT...): unquoted, they
 * cannot name a table or column in a query, so DDL refuses them unquoted too, and errors say to
 * quote them.
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

    /** The advice to add to an error about {@code word} used as a name. */
    public static String quoteAdvice(String word, String what) {
        String upper = word.toUpperCase(java.util.Locale.ROOT);
        return upper + " is a reserved word: to use it as " + what + ", quote it (\"" + upper + "\") here and in queries";
    }
}

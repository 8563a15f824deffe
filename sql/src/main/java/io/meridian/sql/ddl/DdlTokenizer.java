package io.meridian.sql.ddl;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits DDL text into tokens. Unquoted identifiers fold to upper case, as in Calcite's default
 * lexical policy, so names agree between DDL and queries; "quoted" identifiers keep their case.
 */
final class DdlTokenizer {
    enum Kind { WORD, QUOTED, NUMBER, STRING, SYMBOL, END }

    /** A token; {@code start}/{@code end} are offsets in the source text. */
    record Token(Kind kind, String text, int start, int end) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equals(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    private DdlTokenizer() {
    }

    static List<Token> tokenize(String sql) throws SqlStateException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(start, i).toUpperCase(Locale.ROOT), start, i));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
            } else if (c == '"' || c == '\'') {
                int start = i;
                StringBuilder text = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new SqlStateException(SqlStates.SYNTAX_ERROR, "unterminated " + (c == '"' ? "identifier" : "string")
                                + " starting at offset " + start);
                    }
                    char d = sql.charAt(i++);
                    if (d == c) {
                        if (i < n && sql.charAt(i) == c) {
                            text.append(c);
                            i++;
                            continue;
                        }
                        break;
                    }
                    text.append(d);
                }
                tokens.add(new Token(c == '"' ? Kind.QUOTED : Kind.STRING, text.toString(), start, i));
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        tokens.add(new Token(Kind.END, "", n, n));
        return tokens;
    }
}

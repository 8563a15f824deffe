package io.meridian.sql.dialect;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.impl.SqlParserImpl;

/**
 * Calcite's parser with Meridian's rewrites: {@link SqlTextRewriter} on the text before parsing,
 * {@link SqlTreeRewriter} on the tree after. Used for every statement Calcite parses, so the
 * session's own parse and Calcite's planning parse agree.
 */
public final class MeridianParserImpl extends SqlParserImpl {
    public static final SqlParserImplFactory FACTORY = MeridianParserImpl::create;

    private MeridianParserImpl(Reader reader) {
        super(reader);
    }

    private static SqlAbstractParserImpl create(Reader reader) {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[4096];
        try {
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                text.append(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MeridianParserImpl(new StringReader(SqlTextRewriter.rewrite(text.toString())));
    }

    @Override
    public SqlNode parseSqlStmtEof() throws Exception {
        return SqlTreeRewriter.rewrite(super.parseSqlStmtEof());
    }

    @Override
    public SqlNode parseSqlExpressionEof() throws Exception {
        return SqlTreeRewriter.rewrite(super.parseSqlExpressionEof());
    }

    @Override
    public SqlNodeList parseSqlStmtList() throws Exception {
        SqlNodeList statements = super.parseSqlStmtList();
        for (int i = 0; i < statements.size(); i++) {
            statements.set(i, SqlTreeRewriter.rewrite(statements.get(i)));
        }
        return statements;
    }
}

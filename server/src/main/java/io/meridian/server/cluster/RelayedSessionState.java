package io.meridian.server.cluster;

import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a gateway knows about the state its client's session holds on the leader it relays to:
 * an open transaction (autocommit off and a statement ran since the last commit or rollback, or
 * an explicit BEGIN) or open cursors. A session holding neither can move to another leader
 * between two requests without the client noticing; one holding either cannot (the state lives
 * on the old leader only). Conservative: anything that may have opened a transaction counts.
 */
final class RelayedSessionState {
    private boolean autoCommit = true;
    private boolean transactionOpen;
    private final Set<Long> openCursors = new HashSet<>();

    /** True when the leader's session may hold a transaction or a cursor. */
    boolean holdsState() {
        return transactionOpen || !openCursors.isEmpty();
    }

    boolean autoCommit() {
        return autoCommit;
    }

    /** A new session on a leader, in the client's autocommit mode: it holds nothing yet. */
    void start(boolean autoCommitMode) {
        autoCommit = autoCommitMode;
        transactionOpen = false;
        openCursors.clear();
    }

    /** Follows one request and the leader's answer to it. */
    void observe(ClientRequest request, ClientResponse response) {
        boolean ok = !response.hasError();
        switch (request.getKindCase()) {
            case SET_AUTO_COMMIT -> {
                if (ok) {
                    autoCommit = request.getSetAutoCommit().getAutoCommit();
                    // Switching autocommit on commits the open transaction (JDBC).
                    transactionOpen = transactionOpen && !autoCommit;
                }
            }
            case COMMIT, ROLLBACK -> {
                // Either way the transaction is over: a failed commit rolls back.
                transactionOpen = false;
                openCursors.clear();
            }
            case EXECUTE -> observeStatement(request.getExecute().getSql(), response);
            case EXECUTE_BATCH -> observeStatement(request.getExecuteBatch().getSql(), response);
            case FETCH -> {
                if (!ok || !response.getResult().getHasMore()) {
                    openCursors.remove(request.getFetch().getCursorId());
                }
            }
            case CLOSE_CURSOR -> openCursors.remove(request.getCloseCursor().getCursorId());
            default -> {
            }
        }
    }

    private void observeStatement(String sql, ClientResponse response) {
        String control = transactionControl(sql);
        if (control.equals("BEGIN")) {
            transactionOpen = transactionOpen || !response.hasError();
        } else if (control.equals("END")) {
            transactionOpen = false;
            openCursors.clear();
        } else if (!autoCommit) {
            // The statement ran in (and, failing, may have aborted but not ended) a transaction.
            transactionOpen = true;
        }
        if (response.hasResult() && response.getResult().getHasMore() && response.getResult().getCursorId() != 0) {
            openCursors.add(response.getResult().getCursorId());
        }
    }

    /** "BEGIN" for statements that open a transaction, "END" for those that end one, else "". */
    static String transactionControl(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        String upper = s.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        return switch (upper) {
            case "BEGIN", "BEGIN TRANSACTION", "START TRANSACTION", "BEGIN WORK" -> "BEGIN";
            case "COMMIT", "COMMIT WORK", "END", "END TRANSACTION", "ROLLBACK", "ROLLBACK WORK", "ABORT" -> "END";
            default -> upper.startsWith("BEGIN") || upper.startsWith("START") ? "BEGIN" : "";
        };
    }

    /** For a statement that ends a transaction: true when it commits (COMMIT, END), false for ROLLBACK or ABORT. */
    static boolean commits(String sql) {
        String upper = sql.strip().toUpperCase(Locale.ROOT);
        return !upper.startsWith("ROLLBACK") && !upper.startsWith("ABORT");
    }

    /**
     * A statement that cannot change data when run on its own in autocommit mode: a query. Such
     * a statement lost in flight with its leader may run again on the next leader.
     */
    static boolean isQuery(String sql) {
        String upper = sql.strip().toUpperCase(Locale.ROOT);
        return upper.startsWith("SELECT") || upper.startsWith("VALUES") || upper.startsWith("EXPLAIN")
                || upper.startsWith("SHOW");
    }
}

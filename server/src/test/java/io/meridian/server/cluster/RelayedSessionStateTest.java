package io.meridian.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.CloseCursor;
import io.meridian.rpc.client.Commit;
import io.meridian.rpc.client.Error;
import io.meridian.rpc.client.Execute;
import io.meridian.rpc.client.Fetch;
import io.meridian.rpc.client.Ok;
import io.meridian.rpc.client.ResultBatch;
import io.meridian.rpc.client.SetAutoCommit;
import io.meridian.rpc.client.UpdateCount;
import org.junit.jupiter.api.Test;

class RelayedSessionStateTest {
    private final RelayedSessionState state = new RelayedSessionState();

    private static ClientRequest execute(String sql) {
        return ClientRequest.newBuilder().setExecute(Execute.newBuilder().setSql(sql)).build();
    }

    private static ClientResponse updated() {
        return ClientResponse.newBuilder().setUpdateCount(UpdateCount.newBuilder().setCount(1)).build();
    }

    private static ClientResponse ok() {
        return ClientResponse.newBuilder().setOk(Ok.getDefaultInstance()).build();
    }

    private static ClientResponse failed() {
        return ClientResponse.newBuilder().setError(Error.newBuilder().setSqlState("23505").setMessage("duplicate")).build();
    }

    private static ClientResponse rows(long cursorId, boolean more) {
        return ClientResponse.newBuilder().setResult(ResultBatch.newBuilder().setCursorId(cursorId).setHasMore(more)).build();
    }

    @Test
    void autocommitStatementsHoldNothing() {
        state.start(true);
        state.observe(execute("UPSERT INTO t VALUES (1, 'a')"), updated());
        state.observe(execute("INSERT INTO t VALUES (1, 'a')"), failed());
        state.observe(execute("SELECT * FROM t"), rows(0, false));
        assertFalse(state.holdsState());
    }

    @Test
    void explicitBeginHoldsUntilCommitOrRollback() {
        state.start(true);
        state.observe(execute(" begin  transaction ;"), updated());
        assertTrue(state.holdsState());
        state.observe(execute("UPDATE t SET v = 'b'"), failed());
        assertTrue(state.holdsState(), "a failed statement leaves the transaction open (aborted, not ended)");
        state.observe(execute("ROLLBACK"), updated());
        assertFalse(state.holdsState());
        state.observe(execute("START TRANSACTION"), updated());
        state.observe(ClientRequest.newBuilder().setCommit(Commit.getDefaultInstance()).build(), failed());
        assertFalse(state.holdsState(), "a failed commit ends the transaction too");
    }

    @Test
    void autocommitOffHoldsAfterAnyStatementUntilAutocommitComesBack() {
        state.start(false);
        assertFalse(state.holdsState(), "nothing ran yet");
        state.observe(execute("SELECT 1"), rows(0, false));
        assertTrue(state.holdsState());
        state.observe(ClientRequest.newBuilder().setSetAutoCommit(SetAutoCommit.newBuilder().setAutoCommit(true)).build(),
                ok());
        assertFalse(state.holdsState(), "switching autocommit on commits");
        assertTrue(state.autoCommit());
    }

    @Test
    void openCursorsHoldUntilReadOrClosed() {
        state.start(true);
        state.observe(execute("SELECT * FROM big"), rows(7, true));
        state.observe(execute("SELECT * FROM other"), rows(8, true));
        assertTrue(state.holdsState());
        state.observe(ClientRequest.newBuilder().setFetch(Fetch.newBuilder().setCursorId(7)).build(), rows(7, false));
        assertTrue(state.holdsState(), "cursor 8 is still open");
        state.observe(ClientRequest.newBuilder().setCloseCursor(CloseCursor.newBuilder().setCursorId(8)).build(), ok());
        assertFalse(state.holdsState());
    }

    @Test
    void classifiesStatements() {
        assertEquals("BEGIN", RelayedSessionState.transactionControl("begin work"));
        assertEquals("END", RelayedSessionState.transactionControl("Commit;"));
        assertEquals("", RelayedSessionState.transactionControl("UPSERT INTO t VALUES (1)"));
        assertTrue(RelayedSessionState.commits("END"));
        assertFalse(RelayedSessionState.commits("abort"));
        assertTrue(RelayedSessionState.isQuery("  select k from t"));
        assertFalse(RelayedSessionState.isQuery("UPDATE t SET k = 1"));
    }
}

package io.meridian.rpc.net;

import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Error;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Sits before the server's TLS handler and looks at a connection's first byte: a TLS handshake
 * record (22) passes on; anything else is a plaintext client, which is told in plaintext that
 * this server requires TLS, then closed. (Our frames start with a length below 2^24, so their
 * first byte is 0 or 1, never 22.)
 */
final class TlsGate extends ByteToMessageDecoder {
    static final int TLS_HANDSHAKE_RECORD = 22;

    private final String tlsHandler;

    TlsGate(String tlsHandler) {
        this.tlsHandler = tlsHandler;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        if (in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
            ctx.pipeline().remove(this); // passes the buffered bytes on to the TLS handler
            return;
        }
        in.skipBytes(in.readableBytes());
        ctx.pipeline().remove(tlsHandler);
        ctx.pipeline().remove(this);
        ClientResponse refusal = ClientResponse.newBuilder().setRequestId(0).setError(Error.newBuilder()
                .setSqlState("08P01").setMessage("this server requires TLS; connect with ssl=true")).build();
        ctx.pipeline().writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
    }
}

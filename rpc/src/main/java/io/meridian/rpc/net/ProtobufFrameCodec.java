package io.meridian.rpc.net;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.util.List;

/**
 * The wire format: each message is a 4-byte big-endian length, then that many bytes of protobuf.
 * A frame over the size bound or one that does not parse raises an exception in the pipeline;
 * the owning handler answers with an error and closes that connection only.
 */
public final class ProtobufFrameCodec {
    static final int LENGTH_BYTES = 4;

    private ProtobufFrameCodec() {
    }

    public static <T extends MessageLite> void install(ChannelPipeline pipeline, Parser<T> parser, int frameBytesMax) {
        pipeline.addLast("frames", new LengthFieldBasedFrameDecoder(frameBytesMax + LENGTH_BYTES, 0, LENGTH_BYTES, 0,
                LENGTH_BYTES, true));
        pipeline.addLast("decode", new Decoder<>(parser));
        pipeline.addLast("encode", new Encoder());
    }

    private static final class Decoder<T extends MessageLite> extends MessageToMessageDecoder<ByteBuf> {
        private final Parser<T> parser;

        Decoder(Parser<T> parser) {
            this.parser = parser;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
            try {
                out.add(parser.parseFrom(new ByteBufInputStream(frame)));
            } catch (InvalidProtocolBufferException e) {
                throw new MalformedFrameException("malformed frame: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new MalformedFrameException("unreadable frame: " + e.getMessage(), e);
            }
        }
    }

    private static final class Encoder extends MessageToByteEncoder<MessageLite> {
        @Override
        protected void encode(ChannelHandlerContext ctx, MessageLite message, ByteBuf out) {
            byte[] bytes = message.toByteArray();
            out.writeInt(bytes.length);
            out.writeBytes(bytes);
        }
    }
}

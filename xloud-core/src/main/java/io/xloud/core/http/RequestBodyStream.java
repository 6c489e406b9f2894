package io.xloud.core.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Blocker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import static java.util.Objects.requireNonNull;

/**
 * A request body read as a blocking stream whose close, before the body's end, only lets go of what it holds.
 * Jetty's own stream fails the request's content when closed early, so that nothing more can be read: a handler that
 * refuses a body partway through would then leave the client's remaining bytes unread, and the client, still
 * writing, would be reset instead of answered. With this stream the kernel reads and drops the rest after the
 * handler, as it does for a body the handler never opened.
 */
final class RequestBodyStream
        extends InputStream
{
    private final Content.Source source;
    private final Blocker.Shared blocker = new Blocker.Shared();
    private Content.Chunk chunk;
    private boolean closed;

    RequestBodyStream(Content.Source source)
    {
        this.source = requireNonNull(source, "source is null");
    }

    @Override
    public int read()
            throws IOException
    {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        if (closed) {
            throw new IOException("the request body stream is closed");
        }
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (chunk != null) {
                if (Content.Chunk.isFailure(chunk)) {
                    throw failure(chunk);
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                if (bytes.hasRemaining()) {
                    int n = Math.min(length, bytes.remaining());
                    bytes.get(buffer, offset, n);
                    return n;
                }
                if (chunk.isLast()) {
                    return -1;
                }
                chunk.release();
                chunk = null;
            }
            Content.Chunk next = source.read();
            if (next == null) {
                awaitContent();
                continue;
            }
            if (Content.Chunk.isFailure(next) && !next.isLast()) {
                // a transient failure (an idle timeout): reported once, and the body may still be read afterwards
                throw failure(next);
            }
            chunk = next;
        }
    }

    @Override
    public int available()
    {
        return chunk == null || Content.Chunk.isFailure(chunk) ? 0 : chunk.remaining();
    }

    /** Lets go of the chunk held, leaving the rest of the body unread and the content intact for the kernel. */
    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
    }

    private void awaitContent()
            throws IOException
    {
        try (Blocker.Runnable ready = blocker.runnable()) {
            source.demand(ready);
            ready.block();
        }
    }

    private static IOException failure(Content.Chunk chunk)
    {
        Throwable cause = chunk.getFailure();
        return cause instanceof IOException io ? io : new IOException(cause);
    }
}

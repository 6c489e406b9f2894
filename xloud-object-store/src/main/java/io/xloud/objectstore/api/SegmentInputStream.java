package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.objectstore.service.ObjectContent;
import io.xloud.objectstore.service.ObjectContent.Piece;
import io.xloud.objectstore.service.ObjectService;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/** The bytes of a large object's segments as one stream, opening each segment when the previous one ends. */
final class SegmentInputStream
        extends InputStream
{
    private final ObjectService objects;
    private final Iterator<Piece> pieces;
    private InputStream current = InputStream.nullInputStream();

    SegmentInputStream(ObjectService objects, ObjectContent content)
    {
        this.objects = objects;
        this.pieces = content.pieces().iterator();
    }

    @Override
    public int read()
            throws IOException
    {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        while (true) {
            int n = current.read(buffer, offset, length);
            if (n >= 0) {
                return n;
            }
            current.close();
            if (!pieces.hasNext()) {
                return -1;
            }
            Piece piece = pieces.next();
            try {
                current = objects.open(piece.object(), piece.offset(), piece.length());
            }
            catch (ApiException e) {
                throw new IOException("segment " + piece.object().path() + " is unavailable", e);
            }
        }
    }

    @Override
    public void close()
            throws IOException
    {
        current.close();
    }
}

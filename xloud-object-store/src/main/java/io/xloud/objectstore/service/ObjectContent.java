package io.xloud.objectstore.service;

import java.util.ArrayList;
import java.util.List;

/** The bytes a read serves: pieces of one or more objects, in order (one object, or a large object's segments). */
public record ObjectContent(List<ObjectContent.Piece> pieces, long size)
{
    /** Part of one object's bytes. */
    public record Piece(ObjectInfo object, long offset, long length) {}

    public ObjectContent
    {
        pieces = List.copyOf(pieces);
    }

    public static ObjectContent of(ObjectInfo object)
    {
        return new ObjectContent(object.size() == 0 ? List.of() : List.of(new Piece(object, 0, object.size())), object.size());
    }

    public static ObjectContent of(List<Piece> pieces)
    {
        return new ObjectContent(pieces, pieces.stream().mapToLong(Piece::length).sum());
    }

    /** The bytes from {@code offset}, {@code length} of them. */
    public ObjectContent slice(long offset, long length)
    {
        List<Piece> slice = new ArrayList<>();
        long position = 0;
        long end = offset + length;
        for (Piece piece : pieces) {
            long pieceEnd = position + piece.length();
            if (pieceEnd > offset && position < end) {
                long from = Math.max(offset, position) - position;
                long to = Math.min(end, pieceEnd) - position;
                slice.add(new Piece(piece.object(), piece.offset() + from, to - from));
            }
            position = pieceEnd;
            if (position >= end) {
                break;
            }
        }
        return new ObjectContent(slice, length);
    }
}

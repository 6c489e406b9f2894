package io.xloud.objectstore.service;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a write: the object as stored, or, when {@code superseded}, as written by the newer write or
 * delete that won (then this write's bytes were discarded; Swift answers 202 to it).
 */
public record PutResult(ObjectInfo object, boolean superseded)
{
    public PutResult
    {
        requireNonNull(object, "object is null");
    }
}

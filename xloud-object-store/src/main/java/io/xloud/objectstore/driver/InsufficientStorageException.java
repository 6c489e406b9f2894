package io.xloud.objectstore.driver;

import java.io.IOException;

/** The store ran out of space; the write was abandoned and nothing was stored. */
public final class InsufficientStorageException
        extends IOException
{
    public InsufficientStorageException(String message, Throwable cause)
    {
        super(message, cause);
    }
}

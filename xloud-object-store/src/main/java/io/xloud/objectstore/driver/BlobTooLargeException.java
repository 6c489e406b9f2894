package io.xloud.objectstore.driver;

import java.io.IOException;

/** The content went past the size a write allows; nothing was stored. */
public final class BlobTooLargeException
        extends IOException
{
    private final long maxSize;

    public BlobTooLargeException(long maxSize)
    {
        super("content larger than " + maxSize + " bytes");
        this.maxSize = maxSize;
    }

    public long maxSize()
    {
        return maxSize;
    }
}

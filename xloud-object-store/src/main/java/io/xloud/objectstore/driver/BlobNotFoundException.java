package io.xloud.objectstore.driver;

import java.io.IOException;

/** A blob that metadata named is not in the store (removed by a concurrent overwrite, or lost). */
public final class BlobNotFoundException
        extends IOException
{
    public BlobNotFoundException(String blobId)
    {
        super("no blob " + blobId);
    }
}

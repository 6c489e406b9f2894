package io.xloud.image.service;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where image bytes live: a port the image module owns and the platform wires (over the object engine in a
 * container no Swift or S3 user sees). Bytes are addressed by the owning project and a key (an image id, or a
 * key of the caller's choosing such as a staging area).
 */
public interface ImageBytes
{
    /**
     * Stores bytes read from {@code content} to its end (not closing it), replacing any stored under the key.
     *
     * @param maxSize the most bytes accepted; more fails with {@link TooLargeException} and nothing is stored
     * @return the number of bytes stored
     * @throws IOException when the stream fails or the storage refuses; nothing is stored
     */
    long write(String projectId, String key, InputStream content, long maxSize)
            throws IOException;

    /**
     * A stream over {@code length} bytes from {@code offset}.
     *
     * @throws IOException when nothing is stored under the key, or it cannot be read
     */
    InputStream open(String projectId, String key, long offset, long length)
            throws IOException;

    /** Removes the bytes under the key; nothing happens when there are none. */
    void delete(String projectId, String key);

    /** Thrown by {@link #write} when the content is larger than allowed. */
    final class TooLargeException
            extends IOException
    {
        private static final long serialVersionUID = 1L;

        public TooLargeException(String message)
        {
            super(message);
        }
    }
}

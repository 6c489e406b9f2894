package io.xloud.image.service;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** One store an image's bytes are in, and the key they have in the object engine there. */
public record ImageLocation(String imageId, String store, String objectKey, long size, Instant createdAt)
{
    public ImageLocation
    {
        requireNonNull(imageId, "imageId is null");
        requireNonNull(store, "store is null");
        requireNonNull(objectKey, "objectKey is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}

package io.xloud.image.service;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A project an image is shared with, and whether it took the image up: pending, accepted or rejected. */
public record ImageMember(String imageId, String memberId, String status, Instant createdAt, Instant updatedAt)
{
    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";

    public ImageMember
    {
        requireNonNull(imageId, "imageId is null");
        requireNonNull(memberId, "memberId is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}

package io.xloud.image.service;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A Glance task: the record of one import. {@code input} and {@code result} are JSON objects as text, as the
 * tasks API shows them; {@code status} moves pending, processing, then success or failure.
 */
public record ImageTask(
        String id,
        String type,
        String status,
        String owner,
        Optional<String> imageId,
        Optional<String> requestId,
        Optional<String> userId,
        String input,
        Optional<String> result,
        String message,
        Optional<Long> jobId,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> expiresAt)
{
    public static final String TYPE_IMPORT = "api_image_import";
    public static final String PENDING = "pending";
    public static final String PROCESSING = "processing";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public ImageTask
    {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        requireNonNull(status, "status is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(imageId, "imageId is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(input, "input is null");
        requireNonNull(result, "result is null");
        requireNonNull(message, "message is null");
        requireNonNull(jobId, "jobId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    public boolean isFinished()
    {
        return status.equals(SUCCESS) || status.equals(FAILURE);
    }
}

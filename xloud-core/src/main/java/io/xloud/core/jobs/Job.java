package io.xloud.core.jobs;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A job row as the job log shows it; {@code leaseOwner} stays set after the job finishes, naming the node that ran it. */
public record Job(
        long id,
        String kind,
        String payload,
        JobState state,
        int priority,
        Instant runAfter,
        int attempts,
        int maxAttempts,
        Optional<String> leaseOwner,
        Optional<Instant> leaseExpiresAt,
        Optional<String> dedupKey,
        Optional<String> result,
        Optional<String> lastError,
        Instant createdAt,
        Instant updatedAt)
{
    public Job
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(state, "state is null");
        requireNonNull(runAfter, "runAfter is null");
        requireNonNull(leaseOwner, "leaseOwner is null");
        requireNonNull(leaseExpiresAt, "leaseExpiresAt is null");
        requireNonNull(dedupKey, "dedupKey is null");
        requireNonNull(result, "result is null");
        requireNonNull(lastError, "lastError is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}

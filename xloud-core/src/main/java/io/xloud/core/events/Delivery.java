package io.xloud.core.events;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/** One event on its way to one subscription: the delivery log's row. */
public record Delivery(
        long id,
        String subscriptionId,
        String eventId,
        String eventType,
        State state,
        int attempts,
        OptionalInt lastStatus,
        Optional<String> lastError,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt)
{
    public enum State
    {
        PENDING, DELIVERED, DEAD;

        public String wireName()
        {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Delivery
    {
        requireNonNull(subscriptionId, "subscriptionId is null");
        requireNonNull(eventId, "eventId is null");
        requireNonNull(eventType, "eventType is null");
        requireNonNull(state, "state is null");
        requireNonNull(lastStatus, "lastStatus is null");
        requireNonNull(lastError, "lastError is null");
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}

package io.xloud.core.events;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A webhook: events of its project (of every project with {@code allProjects}) whose type matches one of its
 * patterns are POSTed to its URL, signed with its secret. The secret never leaves the server but in signatures.
 */
public record Subscription(
        String id,
        String projectId,
        boolean allProjects,
        String url,
        List<EventTypePattern> patterns,
        String secret,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt)
{
    public Subscription
    {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(url, "url is null");
        patterns = List.copyOf(patterns);
        requireNonNull(secret, "secret is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public boolean wants(Event event)
    {
        if (!enabled || !(allProjects || event.projectId().filter(projectId::equals).isPresent())) {
            return false;
        }
        return patterns.stream().anyMatch(pattern -> pattern.matches(event.type()));
    }

    @Override
    public String toString()
    {
        // never the secret, not even in a log line or an assertion message
        return "Subscription[id=" + id + ", projectId=" + projectId + ", allProjects=" + allProjects + ", patterns=" + patterns
                + ", enabled=" + enabled + "]";
    }
}

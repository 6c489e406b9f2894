package io.xloud.core.events;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A state change, named as OpenStack notifications name them ({@code identity.project.created}); ours for objects
 * ({@code objectstore.object.create}). The project is the one the resource belongs to; empty for resources above
 * projects (users, domains, roles), which only a subscription or a reader of all projects sees.
 */
public record Event(
        String id,
        String type,
        Optional<String> projectId,
        String resourceType,
        String resourceId,
        Instant time,
        Map<String, Object> payload)
{
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)+");
    public static final int MAX_TYPE_LENGTH = 255;
    public static final int MAX_RESOURCE_ID_LENGTH = 2048;

    public Event
    {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(resourceType, "resourceType is null");
        requireNonNull(resourceId, "resourceId is null");
        requireNonNull(time, "time is null");
        payload = Map.copyOf(payload);
        if (type.length() > MAX_TYPE_LENGTH || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("invalid event type: " + type);
        }
        if (resourceId.length() > MAX_RESOURCE_ID_LENGTH) {
            throw new IllegalArgumentException("resource id too long");
        }
    }

    /** A new event with a fresh id, happening now. */
    public static Event of(String type, Optional<String> projectId, String resourceType, String resourceId, Map<String, Object> payload)
    {
        return new Event(UUID.randomUUID().toString(), type, projectId, resourceType, resourceId, Instant.now(), payload);
    }
}

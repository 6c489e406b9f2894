package io.xloud.network.service;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The standard attributes every Neutron resource carries: its project, description, tags, timestamps and revision
 * number (standard-attr-description, -tag, -timestamp, -revisions).
 */
public record Standard(String projectId, String description, List<String> tags, Instant createdAt, Instant updatedAt, long revisionNumber)
{
    public Standard
    {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(description, "description is null");
        tags = List.copyOf(tags);
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public Standard withTags(List<String> newTags)
    {
        return new Standard(projectId, description, newTags, createdAt, updatedAt, revisionNumber);
    }
}

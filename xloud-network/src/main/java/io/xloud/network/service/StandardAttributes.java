package io.xloud.network.service;

import io.xloud.core.error.ApiException;
import io.xloud.network.store.TagStore;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The standard attributes shared by every resource: tags (the tag API changes them and bumps the revision),
 * timestamps at whole seconds, and revision numbers checked against a client's {@code If-Match}.
 * A resource's table must have the columns {@code revision_number} and {@code updated_at}.
 */
public final class StandardAttributes
{
    public static final int MAX_TAG_LENGTH = 255;
    public static final int MAX_TAGS = 50;

    private final TagStore tags;
    private final Clock clock;

    public StandardAttributes(TagStore tags, Clock clock)
    {
        this.tags = requireNonNull(tags, "tags is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Now, at whole seconds, as Neutron's timestamps are. */
    public Instant now()
    {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    public List<String> tags(String resourceId)
    {
        return tags.tags(resourceId);
    }

    public Map<String, List<String>> tags(Collection<String> resourceIds)
    {
        return tags.tags(resourceIds);
    }

    /** Replaces every tag; returns them as the resource now has them. */
    public List<String> replaceTags(String table, String resourceType, String resourceId, List<String> newTags)
    {
        List<String> checked = List.copyOf(new LinkedHashSet<>(newTags.stream().map(StandardAttributes::checkTag).toList()));
        if (checked.size() > MAX_TAGS) {
            throw new ApiException(NetworkErrorCode.BAD_REQUEST, "A resource holds at most " + MAX_TAGS + " tags.");
        }
        return tags.work().inTransaction(() -> {
            tags.replace(resourceType, resourceId, checked);
            tags.bumpRevision(table, resourceId, now());
            return tags.tags(resourceId);
        });
    }

    public void addTag(String table, String resourceType, String resourceId, String tag)
    {
        String checked = checkTag(tag);
        tags.work().run(() -> {
            if (tags.add(resourceType, resourceId, checked)) {
                if (tags.tags(resourceId).size() > MAX_TAGS) {
                    throw new ApiException(NetworkErrorCode.BAD_REQUEST, "A resource holds at most " + MAX_TAGS + " tags.");
                }
                tags.bumpRevision(table, resourceId, now());
            }
        });
    }

    public boolean hasTag(String resourceId, String tag)
    {
        return tags.tags(resourceId).contains(tag);
    }

    public void removeTag(String table, String resourceId, String tag)
    {
        tags.work().run(() -> {
            if (!tags.remove(resourceId, tag)) {
                throw new ApiException(NetworkErrorCode.TAG_NOT_FOUND, "Tag " + tag + " could not be found for resource " + resourceId + ".");
            }
            tags.bumpRevision(table, resourceId, now());
        });
    }

    public void removeAllTags(String table, String resourceId)
    {
        tags.work().run(() -> {
            tags.removeAll(resourceId);
            tags.bumpRevision(table, resourceId, now());
        });
    }

    /** Drops the tags of a deleted resource, in the caller's unit of work. */
    public void forget(String resourceId)
    {
        tags.removeAll(resourceId);
    }

    /** Bumps a resource's revision, in the caller's unit of work. */
    public void bumpRevision(String table, String resourceId)
    {
        tags.bumpRevision(table, resourceId, now());
    }

    /** Neutron's revision-if-match: a request naming a revision the resource no longer has is refused with 412. */
    public static void checkRevision(long current, Optional<Long> expected)
    {
        if (expected.isPresent() && expected.get() != current) {
            throw new ApiException(NetworkErrorCode.REVISION_NUMBER_CONSTRAINT_FAILED,
                    "Constrained to " + expected.get() + ", but current revision is " + current);
        }
    }

    public static String checkTag(String tag)
    {
        if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
            throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid tag: a tag is a string of 1 to " + MAX_TAG_LENGTH + " characters.");
        }
        if (tag.contains(",") || tag.contains("/") || tag.indexOf('\u0000') >= 0) {
            throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid tag '" + tag + "': ',' and '/' are not allowed.");
        }
        return tag;
    }
}

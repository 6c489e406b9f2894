package io.xloud.image.service.metadef;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static java.util.Objects.requireNonNull;

/**
 * A namespace as a client creates or replaces it. On create it may carry its content (resource type associations,
 * properties, objects, tags), all stored in one transaction; on replace only the namespace's own fields count.
 */
public record NamespaceDraft(
        String namespace,
        Optional<String> displayName,
        Optional<String> description,
        Optional<String> visibility,
        Optional<Boolean> isProtected,
        Optional<String> owner,
        List<ResourceTypeAssociation.Draft> resourceTypeAssociations,
        Map<String, ObjectNode> properties,
        List<MetadefObject.Draft> objects,
        List<String> tags)
{
    public NamespaceDraft
    {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(description, "description is null");
        requireNonNull(visibility, "visibility is null");
        requireNonNull(isProtected, "isProtected is null");
        requireNonNull(owner, "owner is null");
        resourceTypeAssociations = List.copyOf(resourceTypeAssociations);
        // insertion order is the order the client gave
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        objects = List.copyOf(objects);
        tags = List.copyOf(tags);
    }
}

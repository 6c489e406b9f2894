package io.xloud.image.service.metadef;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** An object of a namespace: a named group of property definitions, some of them required. */
public record MetadefObject(
        String name,
        Optional<String> description,
        Optional<List<String>> required,
        Optional<ObjectNode> properties,
        Instant createdAt,
        Optional<Instant> updatedAt)
{
    public MetadefObject
    {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        required = requireNonNull(required, "required is null").map(List::copyOf);
        properties = requireNonNull(properties, "properties is null").map(ObjectNode::deepCopy);
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** What a client gives to create or replace an object. */
    public record Draft(String name, Optional<String> description, Optional<List<String>> required, Optional<ObjectNode> properties)
    {
        public Draft
        {
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            required = requireNonNull(required, "required is null").map(List::copyOf);
            properties = requireNonNull(properties, "properties is null").map(ObjectNode::deepCopy);
        }
    }
}

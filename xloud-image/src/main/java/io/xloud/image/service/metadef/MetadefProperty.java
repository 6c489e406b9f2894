package io.xloud.image.service.metadef;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A property definition of a namespace: its name and its JSON schema fragment (type, title, enum, ...). */
public record MetadefProperty(String name, ObjectNode schema, Instant createdAt, Optional<Instant> updatedAt)
{
    public MetadefProperty
    {
        requireNonNull(name, "name is null");
        schema = requireNonNull(schema, "schema is null").deepCopy();
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    @Override
    public ObjectNode schema()
    {
        return schema.deepCopy();
    }
}

package io.xloud.image.service;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A JSON patch of an image, already split into operations on top-level attributes. {@code strictAdd} is Glance's
 * older media type (openstack-images-v2.0-json-patch), where adding an attribute that exists is a conflict; in
 * v2.1 it replaces it, as RFC 6902 says.
 */
public record ImagePatch(List<Operation> operations, boolean strictAdd)
{
    public enum Op
    {
        ADD, REPLACE, REMOVE
    }

    /** One change: its op, the attribute it names (the JSON pointer's one segment, unescaped) and its value (absent for remove). */
    public record Operation(Op op, String attribute, Optional<JsonNode> value)
    {
        public Operation
        {
            requireNonNull(op, "op is null");
            requireNonNull(attribute, "attribute is null");
            requireNonNull(value, "value is null");
        }
    }

    public ImagePatch
    {
        operations = List.copyOf(operations);
    }
}

package io.xloud.image.service.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads metadef documents (a namespace with its content, an object, an association) from JSON that has already
 * passed its schema, as request bodies and the shipped definition files are written.
 */
public final class MetadefDocuments
{
    private MetadefDocuments() {}

    public static NamespaceDraft namespace(JsonNode body)
    {
        List<ResourceTypeAssociation.Draft> associations = new ArrayList<>();
        body.path("resource_type_associations").forEach(association -> associations.add(association(association)));
        Map<String, ObjectNode> properties = new LinkedHashMap<>();
        JsonNode given = body.path("properties");
        if (given.isObject()) {
            given.properties().forEach(entry -> properties.put(entry.getKey(), propertySchema(entry.getValue())));
        }
        List<MetadefObject.Draft> objects = new ArrayList<>();
        body.path("objects").forEach(object -> objects.add(object(object)));
        List<String> tags = new ArrayList<>();
        body.path("tags").forEach(tag -> tags.add(tag.path("name").asText()));
        return new NamespaceDraft(
                body.path("namespace").asText(),
                text(body, "display_name"),
                text(body, "description"),
                text(body, "visibility"),
                body.path("protected").isBoolean() ? Optional.of(body.path("protected").asBoolean()) : Optional.empty(),
                text(body, "owner"),
                associations,
                properties,
                objects,
                tags);
    }

    public static ResourceTypeAssociation.Draft association(JsonNode body)
    {
        return new ResourceTypeAssociation.Draft(body.path("name").asText(), text(body, "prefix"), text(body, "properties_target"));
    }

    public static MetadefObject.Draft object(JsonNode body)
    {
        Optional<List<String>> required = Optional.empty();
        if (body.path("required").isArray()) {
            List<String> names = new ArrayList<>();
            body.path("required").forEach(name -> names.add(name.asText()));
            required = Optional.of(names);
        }
        Optional<ObjectNode> properties = Optional.empty();
        if (body.path("properties").isObject()) {
            ObjectNode copy = ((ObjectNode) body.path("properties")).objectNode();
            body.path("properties").properties().forEach(entry -> copy.set(entry.getKey(), propertySchema(entry.getValue())));
            properties = Optional.of(copy);
        }
        return new MetadefObject.Draft(body.path("name").asText(), text(body, "description"), required, properties);
    }

    /** A property definition as stored: what was given, without its name (the name is the key it is stored under). */
    public static ObjectNode propertySchema(JsonNode definition)
    {
        ObjectNode schema = definition.isObject() ? ((ObjectNode) definition).deepCopy() : new ObjectNode(null);
        schema.remove("name");
        return schema;
    }

    private static Optional<String> text(JsonNode body, String field)
    {
        JsonNode value = body.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}

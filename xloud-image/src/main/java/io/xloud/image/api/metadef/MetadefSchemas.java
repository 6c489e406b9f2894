package io.xloud.image.api.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The metadef JSON schemas exactly as Glance 25 serves them at /v2/schemas/metadefs/{name} (generated from its
 * metadef_*.py), and the same documents compiled to check request bodies, as Glance validates with them.
 */
final class MetadefSchemas
{
    static final List<String> SERVED = List.of("namespace", "namespaces", "object", "objects", "property", "properties", "tag", "tags",
            "resource_type", "resource_types");

    private static final Map<String, JsonNode> DOCUMENTS = SERVED.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
            MetadefSchemas::read));

    static final RequestSchema NAMESPACE = schema(DOCUMENTS.get("namespace"));
    static final RequestSchema OBJECT = schema(DOCUMENTS.get("object"));
    static final RequestSchema PROPERTY = schema(DOCUMENTS.get("property"));
    static final RequestSchema TAG = schema(DOCUMENTS.get("tag"));
    static final RequestSchema RESOURCE_TYPE_ASSOCIATION = schema(DOCUMENTS.get("resource_type"));
    static final RequestSchema TAGS_CREATE = schema(read("tags-create"));
    /** A property within an object or namespace, where the name is the key it is given under. */
    static final RequestSchema PROPERTY_WITHOUT_NAME = schema(withoutRequiredName(DOCUMENTS.get("property")));

    private MetadefSchemas() {}

    static JsonNode document(String name)
    {
        return DOCUMENTS.get(name).deepCopy();
    }

    private static RequestSchema schema(JsonNode document)
    {
        ObjectNode schema = document.deepCopy();
        // Glance's documents name themselves and carry hypermedia links; neither is a validation keyword
        schema.remove("name");
        schema.remove("links");
        return JsonSchemas.of(schema);
    }

    private static JsonNode withoutRequiredName(JsonNode property)
    {
        ObjectNode copy = property.deepCopy();
        var required = Json.array();
        copy.path("required").forEach(name -> {
            if (!name.asText().equals("name")) {
                required.add(name);
            }
        });
        copy.set("required", required);
        return copy;
    }

    private static JsonNode read(String name)
    {
        try (InputStream in = MetadefSchemas.class.getClassLoader().getResourceAsStream("image/metadefs/schemas/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing metadef schema " + name);
            }
            return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

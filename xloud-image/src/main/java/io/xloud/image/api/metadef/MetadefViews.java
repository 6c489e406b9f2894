package io.xloud.image.api.metadef;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.json.Json;
import io.xloud.image.service.metadef.MetadefNamespace;
import io.xloud.image.service.metadef.MetadefObject;
import io.xloud.image.service.metadef.MetadefProperty;
import io.xloud.image.service.metadef.MetadefTag;
import io.xloud.image.service.metadef.NamespaceDetail;
import io.xloud.image.service.metadef.ResourceType;
import io.xloud.image.service.metadef.ResourceTypeAssociation;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The metadef bodies as Glance's WSME models render them: attributes without a value are left out, times are
 * ISO 8601 in UTC without fractions, links are relative to the API root (/v2/...).
 */
final class MetadefViews
{
    static final String NAMESPACE_SCHEMA = "/v2/schemas/metadefs/namespace";
    static final String NAMESPACES_SCHEMA = "/v2/schemas/metadefs/namespaces";
    static final String OBJECT_SCHEMA = "/v2/schemas/metadefs/object";
    // Glance writes this one without its leading slash
    static final String OBJECTS_SCHEMA = "v2/schemas/metadefs/objects";

    private MetadefViews() {}

    static String time(Instant instant)
    {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static String namespaceHref(String namespace)
    {
        return "/v2/metadefs/namespaces/" + namespace;
    }

    static ObjectNode namespace(MetadefNamespace namespace, List<ResourceTypeAssociation> associations)
    {
        ObjectNode view = Json.object();
        view.put("namespace", namespace.namespace());
        namespace.displayName().ifPresent(value -> view.put("display_name", value));
        namespace.description().ifPresent(value -> view.put("description", value));
        view.put("visibility", namespace.visibility());
        view.put("protected", namespace.isProtected());
        namespace.owner().ifPresent(value -> view.put("owner", value));
        view.put("created_at", time(namespace.createdAt()));
        namespace.updatedAt().ifPresent(value -> view.put("updated_at", time(value)));
        if (!associations.isEmpty()) {
            ArrayNode array = view.putArray("resource_type_associations");
            associations.forEach(association -> array.add(association(association)));
        }
        view.put("self", namespaceHref(namespace.namespace()));
        view.put("schema", NAMESPACE_SCHEMA);
        return view;
    }

    /** A namespace with its content; with a prefix (of ?resource_type=), property names as that resource type uses them. */
    static ObjectNode detail(NamespaceDetail detail, Optional<String> prefix)
    {
        ObjectNode view = namespace(detail.namespace(), detail.resourceTypeAssociations());
        String namespace = detail.namespace().namespace();
        if (!detail.properties().isEmpty()) {
            ObjectNode properties = view.putObject("properties");
            detail.properties().forEach(property -> properties.set(prefix.orElse("") + property.name(), property.schema()));
        }
        if (!detail.objects().isEmpty()) {
            ArrayNode objects = view.putArray("objects");
            detail.objects().forEach(object -> objects.add(object(namespace, object, prefix)));
        }
        if (!detail.tags().isEmpty()) {
            ArrayNode tags = view.putArray("tags");
            detail.tags().forEach(tag -> tags.addObject().put("name", tag.name()));
        }
        return view;
    }

    static ObjectNode association(ResourceTypeAssociation association)
    {
        ObjectNode view = Json.object();
        view.put("name", association.name());
        association.prefix().ifPresent(value -> view.put("prefix", value));
        association.propertiesTarget().ifPresent(value -> view.put("properties_target", value));
        view.put("created_at", time(association.createdAt()));
        association.updatedAt().ifPresent(value -> view.put("updated_at", time(value)));
        return view;
    }

    static ObjectNode resourceType(ResourceType type)
    {
        ObjectNode view = Json.object();
        view.put("name", type.name());
        view.put("created_at", time(type.createdAt()));
        type.updatedAt().ifPresent(value -> view.put("updated_at", time(value)));
        return view;
    }

    static ObjectNode object(String namespace, MetadefObject object, Optional<String> prefix)
    {
        ObjectNode view = Json.object();
        view.put("name", object.name());
        object.description().ifPresent(value -> view.put("description", value));
        // Glance's objects always have a list of required names and a map of properties, empty or not
        ArrayNode required = view.putArray("required");
        object.required().ifPresent(names -> names.forEach(name -> required.add(prefix.orElse("") + name)));
        ObjectNode properties = view.putObject("properties");
        object.properties().ifPresent(given -> given.properties().forEach(entry -> properties.set(prefix.orElse("") + entry.getKey(), entry.getValue())));
        view.put("created_at", time(object.createdAt()));
        object.updatedAt().ifPresent(value -> view.put("updated_at", time(value)));
        view.put("self", namespaceHref(namespace) + "/objects/" + object.name());
        view.put("schema", OBJECT_SCHEMA);
        return view;
    }

    /** A property as shown on its own: its name and its definition. */
    static ObjectNode property(MetadefProperty property)
    {
        ObjectNode view = Json.object();
        view.put("name", property.name());
        view.setAll(property.schema());
        return view;
    }

    static ObjectNode properties(List<MetadefProperty> properties)
    {
        ObjectNode view = Json.object();
        ObjectNode map = view.putObject("properties");
        properties.forEach(property -> map.set(property.name(), property.schema()));
        return view;
    }

    static ObjectNode tag(MetadefTag tag)
    {
        ObjectNode view = Json.object();
        view.put("name", tag.name());
        view.put("created_at", time(tag.createdAt()));
        tag.updatedAt().ifPresent(value -> view.put("updated_at", time(value)));
        return view;
    }

    /** Tags as Glance lists them: names only. */
    static ObjectNode tagNames(List<MetadefTag> tags)
    {
        ObjectNode view = Json.object();
        ArrayNode array = view.putArray("tags");
        tags.forEach(tag -> array.addObject().put("name", tag.name()));
        return view;
    }
}

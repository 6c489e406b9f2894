package io.xloud.image.service.metadef;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A namespace with everything it holds, as GET /v2/metadefs/namespaces/{namespace} shows it. */
public record NamespaceDetail(
        MetadefNamespace namespace,
        List<ResourceTypeAssociation> resourceTypeAssociations,
        List<MetadefProperty> properties,
        List<MetadefObject> objects,
        List<MetadefTag> tags)
{
    public NamespaceDetail
    {
        requireNonNull(namespace, "namespace is null");
        resourceTypeAssociations = List.copyOf(resourceTypeAssociations);
        properties = List.copyOf(properties);
        objects = List.copyOf(objects);
        tags = List.copyOf(tags);
    }
}

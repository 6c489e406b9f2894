package io.xloud.image.service.metadef;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ApiException;
import io.xloud.core.events.Event;
import io.xloud.core.events.EventPublisher;
import io.xloud.image.service.ImageErrorCode;
import io.xloud.image.store.MetadefStore;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Glance's metadata definitions catalog: namespaces a caller sees (public ones, their project's, all for an admin),
 * what they hold, and the rules Glance's domain keeps (a protected namespace and its content cannot be deleted; names
 * are unique in their scope, 409 otherwise). Each operation is one transaction.
 */
public final class MetadefService
{
    private final MetadefStore store;
    private final UnitOfWork unitOfWork;
    private final Clock clock;
    private final EventPublisher events;

    public MetadefService(MetadefStore store, UnitOfWork unitOfWork, Clock clock, EventPublisher events)
    {
        this.store = requireNonNull(store, "store is null");
        this.unitOfWork = requireNonNull(unitOfWork, "unitOfWork is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.events = requireNonNull(events, "events is null");
    }

    // ---- namespaces

    /** The namespace if the caller sees it; 404 alike whether it does not exist or is another project's private one. */
    public MetadefNamespace namespace(MetadefCaller caller, String name)
    {
        return store.namespace(name).filter(caller::sees)
                .orElseThrow(() -> notFound("Metadata definition namespace=" + name + " was not found."));
    }

    public MetadefListing.Page<MetadefNamespace> namespaces(MetadefCaller caller, MetadefListing listing)
    {
        if (!MetadefStore.sortsNamespacesBy(listing.sortKey())) {
            throw badRequest("Invalid sort key: " + listing.sortKey());
        }
        return read(() -> {
            Optional<MetadefNamespace> marker = listing.marker().map(name -> namespace(caller, name));
            return store.namespaces(caller, listing, marker);
        });
    }

    /** The resource type associations of each namespace of a page, by namespace id. */
    public Map<String, List<ResourceTypeAssociation>> associations(List<MetadefNamespace> namespaces)
    {
        return store.associations(namespaces.stream().map(MetadefNamespace::id).toList());
    }

    public NamespaceDetail detail(MetadefCaller caller, String name)
    {
        return read(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            return new NamespaceDetail(namespace, store.associations(namespace.id()), store.properties(namespace.id()),
                    store.objects(namespace.id(), everything(), Optional.empty()).items(),
                    store.tags(namespace.id(), everything(), Optional.empty()).items());
        });
    }

    /** Creates a namespace with all it carries, or nothing of it: 409 if any name is taken or given twice. */
    public NamespaceDetail create(MetadefCaller caller, NamespaceDraft draft)
    {
        Instant now = now();
        return write(() -> {
            if (store.namespace(draft.namespace()).isPresent()) {
                throw conflict("The metadata definition namespace=" + draft.namespace() + " already exists.");
            }
            MetadefNamespace namespace = new MetadefNamespace(MetadefStore.newId(), draft.namespace(), draft.displayName(), draft.description(),
                    draft.visibility().orElse(MetadefNamespace.PRIVATE), draft.isProtected().orElse(false),
                    draft.owner().or(caller::projectId), now, Optional.of(now));
            store.insertNamespace(namespace);
            fill(namespace, draft, now, Optional.of(now), false);
            publish("metadef_namespace.create", namespace, Map.of());
            return new NamespaceDetail(namespace, store.associations(namespace.id()), store.properties(namespace.id()),
                    store.objects(namespace.id(), everything(), Optional.empty()).items(),
                    store.tags(namespace.id(), everything(), Optional.empty()).items());
        });
    }

    /** Adds a namespace's content, as a create carries it or a shipped definition file holds it. */
    void fill(MetadefNamespace namespace, NamespaceDraft draft, Instant now, Optional<Instant> updatedAt, boolean protectTypes)
    {
        Set<String> associated = new HashSet<>();
        for (ResourceTypeAssociation.Draft association : draft.resourceTypeAssociations()) {
            if (!associated.add(association.name())) {
                throw conflict(duplicateAssociation(association.name(), namespace.namespace()));
            }
            String typeId = store.ensureResourceType(association.name(), protectTypes, now);
            store.insertAssociation(namespace.id(), typeId, association, now);
        }
        for (Map.Entry<String, ObjectNode> property : draft.properties().entrySet()) {
            store.insertProperty(namespace.id(), property.getKey(), property.getValue(), now, updatedAt);
        }
        Set<String> objects = new HashSet<>();
        for (MetadefObject.Draft object : draft.objects()) {
            if (!objects.add(object.name())) {
                throw conflict(duplicateObject(object.name(), namespace.namespace()));
            }
            store.insertObject(namespace.id(), object, now, updatedAt);
        }
        Set<String> tags = new HashSet<>();
        for (String tag : draft.tags()) {
            if (!tags.add(MetadefStore.tagKey(tag))) {
                throw conflict(duplicateTag(tag, namespace.namespace()));
            }
            store.insertTag(namespace.id(), tag, now, updatedAt);
        }
    }

    /**
     * Replaces a namespace's own fields as Glance's PUT does: what is left out takes the create defaults (private,
     * unprotected, owned by the caller's project); the name may change, 409 if it is taken.
     */
    public MetadefNamespace update(MetadefCaller caller, String name, NamespaceDraft draft)
    {
        Instant now = now();
        return write(() -> {
            MetadefNamespace current = namespace(caller, name);
            if (!draft.namespace().equals(current.namespace()) && store.namespace(draft.namespace()).isPresent()) {
                throw conflict("Invalid update. It would result in a duplicate metadata definition namespace with the same name of "
                        + draft.namespace());
            }
            // Glance's "given or default": an empty owner is no owner, so the caller's project takes it
            MetadefNamespace updated = new MetadefNamespace(current.id(), draft.namespace(), draft.displayName(), draft.description(),
                    draft.visibility().orElse(MetadefNamespace.PRIVATE), draft.isProtected().orElse(false),
                    draft.owner().filter(owner -> !owner.isEmpty()).or(caller::projectId), current.createdAt(), Optional.of(now));
            store.updateNamespace(updated);
            publish("metadef_namespace.update", updated, Map.of("namespace_old", current.namespace()));
            return updated;
        });
    }

    public void delete(MetadefCaller caller, String name)
    {
        write(() -> {
            MetadefNamespace namespace = deletable(caller, name);
            store.deleteNamespace(namespace.id());
            publish("metadef_namespace.delete", namespace, Map.of());
            return null;
        });
    }

    public void deleteObjects(MetadefCaller caller, String name)
    {
        write(() -> {
            MetadefNamespace namespace = deletable(caller, name);
            store.deleteObjects(namespace.id());
            publish("metadef_namespace.delete_objects", namespace, Map.of());
            return null;
        });
    }

    public void deleteProperties(MetadefCaller caller, String name)
    {
        write(() -> {
            MetadefNamespace namespace = deletable(caller, name);
            store.deleteProperties(namespace.id());
            publish("metadef_namespace.delete_properties", namespace, Map.of());
            return null;
        });
    }

    public void deleteTags(MetadefCaller caller, String name)
    {
        write(() -> {
            MetadefNamespace namespace = deletable(caller, name);
            store.deleteTags(namespace.id());
            publish("metadef_namespace.delete_tags", namespace, Map.of());
            return null;
        });
    }

    private MetadefNamespace deletable(MetadefCaller caller, String name)
    {
        MetadefNamespace namespace = namespace(caller, name);
        if (namespace.isProtected()) {
            throw forbidden("Metadata definition namespace " + name + " is protected and cannot be deleted.");
        }
        return namespace;
    }

    // ---- objects

    public MetadefListing.Page<MetadefObject> objects(MetadefCaller caller, String name, MetadefListing listing)
    {
        checkChildSort(listing);
        return read(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            listing.marker().ifPresent(marker -> object(namespace, marker));
            return store.objects(namespace.id(), listing, listing.marker());
        });
    }

    public MetadefObject object(MetadefCaller caller, String name, String objectName)
    {
        return read(() -> object(namespace(caller, name), objectName));
    }

    private MetadefObject object(MetadefNamespace namespace, String objectName)
    {
        return store.object(namespace.id(), objectName).orElseThrow(() -> notFound(
                "The metadata definition object with name=" + objectName + " was not found in namespace=" + namespace.namespace() + "."));
    }

    public MetadefObject createObject(MetadefCaller caller, String name, MetadefObject.Draft draft)
    {
        Instant now = now();
        return write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            if (store.object(namespace.id(), draft.name()).isPresent()) {
                throw conflict(duplicateObject(draft.name(), name));
            }
            store.insertObject(namespace.id(), draft, now, Optional.of(now));
            publish("metadef_object.create", namespace, Map.of("name", draft.name()));
            return object(namespace, draft.name());
        });
    }

    public MetadefObject updateObject(MetadefCaller caller, String name, String objectName, MetadefObject.Draft draft)
    {
        Instant now = now();
        return write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            object(namespace, objectName);
            if (!draft.name().equals(objectName) && store.object(namespace.id(), draft.name()).isPresent()) {
                throw conflict("Invalid update. It would result in a duplicate metadata definition object with the same name="
                        + draft.name() + " in namespace=" + name + ".");
            }
            store.updateObject(namespace.id(), objectName, draft, now);
            publish("metadef_object.update", namespace, Map.of("name", draft.name(), "name_old", objectName));
            return object(namespace, draft.name());
        });
    }

    public void deleteObject(MetadefCaller caller, String name, String objectName)
    {
        write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            object(namespace, objectName);
            if (namespace.isProtected()) {
                throw forbidden("Metadata definition object " + objectName + " is protected and cannot be deleted.");
            }
            store.deleteObject(namespace.id(), objectName);
            publish("metadef_object.delete", namespace, Map.of("name", objectName));
            return null;
        });
    }

    // ---- properties

    public List<MetadefProperty> properties(MetadefCaller caller, String name)
    {
        return read(() -> store.properties(namespace(caller, name).id()));
    }

    /**
     * A property; with a resource type, the name is the prefixed one that type uses (hw_cpu_policy for cpu_policy), as
     * Glance's {@code ?resource_type=} does.
     */
    public MetadefProperty property(MetadefCaller caller, String name, String propertyName, Optional<String> resourceType)
    {
        return read(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            String stored = propertyName;
            if (resourceType.isPresent()) {
                ResourceTypeAssociation association = store.association(namespace.id(), resourceType.get())
                        .orElseThrow(() -> notFound(associationNotFound(resourceType.get(), name)));
                Optional<String> prefix = association.prefix();
                if (prefix.isPresent() && propertyName.startsWith(prefix.get())) {
                    stored = propertyName.substring(prefix.get().length());
                }
                else {
                    throw notFound("Property " + propertyName + " does not start with the expected resource type association prefix of '"
                            + prefix.orElse("None") + "'.");
                }
            }
            return property(namespace, stored);
        });
    }

    private MetadefProperty property(MetadefNamespace namespace, String propertyName)
    {
        return store.property(namespace.id(), propertyName).orElseThrow(() -> notFound(
                "The metadata definition property with name=" + propertyName + " was not found in namespace=" + namespace.namespace() + "."));
    }

    public MetadefProperty createProperty(MetadefCaller caller, String name, String propertyName, ObjectNode schema)
    {
        Instant now = now();
        return write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            if (store.property(namespace.id(), propertyName).isPresent()) {
                throw conflict(duplicateProperty(propertyName, name));
            }
            store.insertProperty(namespace.id(), propertyName, schema, now, Optional.of(now));
            publish("metadef_property.create", namespace, Map.of("name", propertyName));
            return property(namespace, propertyName);
        });
    }

    public MetadefProperty updateProperty(MetadefCaller caller, String name, String propertyName, String newName, ObjectNode schema)
    {
        Instant now = now();
        return write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            property(namespace, propertyName);
            if (!newName.equals(propertyName) && store.property(namespace.id(), newName).isPresent()) {
                throw conflict("Invalid update. It would result in a duplicate metadata definition property with the same name="
                        + newName + " in namespace=" + name + ".");
            }
            store.updateProperty(namespace.id(), propertyName, newName, schema, now);
            publish("metadef_property.update", namespace, Map.of("name", newName, "name_old", propertyName));
            return property(namespace, newName);
        });
    }

    public void deleteProperty(MetadefCaller caller, String name, String propertyName)
    {
        write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            property(namespace, propertyName);
            if (namespace.isProtected()) {
                throw forbidden("Metadata definition property " + propertyName + " is protected and cannot be deleted.");
            }
            store.deleteProperty(namespace.id(), propertyName);
            publish("metadef_property.delete", namespace, Map.of("name", propertyName));
            return null;
        });
    }

    // ---- tags

    public MetadefListing.Page<MetadefTag> tags(MetadefCaller caller, String name, MetadefListing listing)
    {
        checkChildSort(listing);
        return read(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            listing.marker().ifPresent(marker -> tag(namespace, marker));
            return store.tags(namespace.id(), listing, listing.marker());
        });
    }

    public MetadefTag tag(MetadefCaller caller, String name, String tagName)
    {
        return read(() -> tag(namespace(caller, name), tagName));
    }

    private MetadefTag tag(MetadefNamespace namespace, String tagName)
    {
        return store.tag(namespace.id(), tagName).orElseThrow(() -> notFound(
                "The metadata definition tag with name=" + tagName + " was not found in namespace=" + namespace.namespace() + "."));
    }

    public MetadefTag createTag(MetadefCaller caller, String name, String tagName)
    {
        Instant now = now();
        return write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            if (store.tag(namespace.id(), tagName).isPresent()) {
                throw conflict(duplicateTag(tagName, name));
            }
            store.insertTag(namespace.id(), tagName, now, Optional.of(now));
            publish("metadef_tag.create", namespace, Map.of("name", tagName));
            return tag(namespace, tagName);
        });
    }

    /**
     * Creates tags at once: they replace the namespace's tags, or with {@code append} join them (X-Openstack-Append).
     * A name given twice, or with append one already there, is 409 and nothing changes. An empty list changes nothing,
     * as in Glance.
     */
    public List<MetadefTag> createTags(MetadefCaller caller, String name, List<String> tagNames, boolean append)
    {
        Instant now = now();
        return write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            if (tagNames.isEmpty()) {
                return List.of();
            }
            Set<String> keys = new HashSet<>();
            for (String tag : tagNames) {
                if (!keys.add(MetadefStore.tagKey(tag))) {
                    throw conflict(duplicateTag(tag, name));
                }
            }
            if (append) {
                for (String tag : tagNames) {
                    if (store.tag(namespace.id(), tag).isPresent()) {
                        throw conflict(duplicateTag(tag, name));
                    }
                }
            }
            else {
                store.deleteTags(namespace.id());
            }
            List<MetadefTag> created = new ArrayList<>();
            for (String tag : tagNames) {
                store.insertTag(namespace.id(), tag, now, Optional.of(now));
                publish("metadef_tag.create", namespace, Map.of("name", tag));
                created.add(new MetadefTag(tag, now, Optional.of(now)));
            }
            return created;
        });
    }

    public MetadefTag renameTag(MetadefCaller caller, String name, String tagName, String newName)
    {
        Instant now = now();
        return write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            MetadefTag current = tag(namespace, tagName);
            Optional<MetadefTag> taken = store.tag(namespace.id(), newName);
            if (taken.isPresent() && !taken.get().name().equals(current.name())) {
                throw conflict(duplicateTag(newName, name));
            }
            store.renameTag(namespace.id(), tagName, newName, now);
            publish("metadef_tag.update", namespace, Map.of("name", newName, "name_old", current.name()));
            return tag(namespace, newName);
        });
    }

    public void deleteTag(MetadefCaller caller, String name, String tagName)
    {
        write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            tag(namespace, tagName);
            if (namespace.isProtected()) {
                throw forbidden("Metadata definition tag " + tagName + " is protected and cannot be deleted.");
            }
            store.deleteTag(namespace.id(), tagName);
            publish("metadef_tag.delete", namespace, Map.of("name", tagName));
            return null;
        });
    }

    // ---- resource types

    public List<ResourceType> resourceTypes()
    {
        return store.resourceTypes();
    }

    public List<ResourceTypeAssociation> associations(MetadefCaller caller, String name)
    {
        return read(() -> store.associations(namespace(caller, name).id()));
    }

    /** Associates a namespace with a resource type, creating the type if it is new (unprotected), as Glance does. */
    public ResourceTypeAssociation associate(MetadefCaller caller, String name, ResourceTypeAssociation.Draft draft)
    {
        Instant now = now();
        return write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            if (store.association(namespace.id(), draft.name()).isPresent()) {
                throw conflict(duplicateAssociation(draft.name(), name));
            }
            String typeId = store.ensureResourceType(draft.name(), false, now);
            store.insertAssociation(namespace.id(), typeId, draft, now);
            publish("metadef_resource_type.create", namespace, Map.of("name", draft.name()));
            return store.association(namespace.id(), draft.name()).orElseThrow();
        });
    }

    public void dissociate(MetadefCaller caller, String name, String resourceType)
    {
        write(() -> {
            MetadefNamespace namespace = namespace(caller, name);
            if (store.resourceType(resourceType).isEmpty()) {
                throw notFound("The metadata definition resource-type with name=" + resourceType + ", was not found.");
            }
            if (store.association(namespace.id(), resourceType).isEmpty()) {
                throw notFound(associationNotFound(resourceType, name));
            }
            if (namespace.isProtected()) {
                throw forbidden("Metadata definition resource-type-association " + resourceType + " is protected and cannot be deleted.");
            }
            store.deleteAssociation(namespace.id(), resourceType);
            publish("metadef_resource_type.delete", namespace, Map.of("name", resourceType));
            return null;
        });
    }

    // ---- helpers

    /**
     * Glance's metadef notification (metadef_namespace.create, metadef_tag.delete, ...), written with the change. The
     * resource is the namespace; what the event is about within it (an object, a tag) is named in the payload.
     */
    private void publish(String type, MetadefNamespace namespace, Map<String, Object> details)
    {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("namespace", namespace.namespace());
        namespace.owner().ifPresent(owner -> payload.put("owner", owner));
        payload.put("visibility", namespace.visibility());
        payload.put("protected", namespace.isProtected());
        payload.putAll(details);
        events.publish(Event.of(type, namespace.owner(), "metadef_namespace", namespace.namespace(), payload));
    }

    private static MetadefListing everything()
    {
        return new MetadefListing(Integer.MAX_VALUE - 1, Optional.empty(), "created_at", true, Optional.empty(), List.of());
    }

    private static void checkChildSort(MetadefListing listing)
    {
        if (!MetadefStore.sortsChildrenBy(listing.sortKey())) {
            throw badRequest("Invalid sort key: " + listing.sortKey());
        }
    }

    private Instant now()
    {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private <T> T read(Supplier<T> work)
    {
        return unitOfWork.inTransaction(work);
    }

    /** A write; a unique constraint that a concurrent create won is the same 409 as one seen beforehand. */
    private <T> T write(Supplier<T> work)
    {
        try {
            return unitOfWork.inTransaction(work);
        }
        catch (MetadefStore.DuplicateKeyException e) {
            throw conflict("An object with the same identifier already exists.");
        }
    }

    private static String duplicateObject(String object, String namespace)
    {
        return "A metadata definition object with name=" + object + " already exists in namespace=" + namespace + ".";
    }

    private static String duplicateProperty(String property, String namespace)
    {
        return "A metadata definition property with name=" + property + " already exists in namespace=" + namespace + ".";
    }

    private static String duplicateTag(String tag, String namespace)
    {
        return "A metadata tag with name=" + tag + " already exists in namespace=" + namespace
                + ". (Please note that metadata tag names are case insensitive).";
    }

    private static String duplicateAssociation(String resourceType, String namespace)
    {
        return "The metadata definition resource-type association of resource-type=" + resourceType + " to namespace=" + namespace
                + " already exists.";
    }

    private static String associationNotFound(String resourceType, String namespace)
    {
        return "The metadata definition resource-type association of resource-type=" + resourceType + " to namespace=" + namespace
                + ", was not found.";
    }

    static ApiException notFound(String message)
    {
        return new ApiException(ImageErrorCode.NOT_FOUND, message);
    }

    static ApiException conflict(String message)
    {
        return new ApiException(ImageErrorCode.CONFLICT, message);
    }

    static ApiException forbidden(String message)
    {
        return new ApiException(ImageErrorCode.FORBIDDEN, message);
    }

    static ApiException badRequest(String message)
    {
        return new ApiException(ImageErrorCode.BAD_REQUEST, message);
    }
}

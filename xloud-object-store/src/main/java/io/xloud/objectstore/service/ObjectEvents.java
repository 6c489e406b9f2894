package io.xloud.objectstore.service;

import io.xloud.core.events.Event;
import io.xloud.objectstore.store.ObjectRow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Object storage's events. OpenStack has no notification names for Swift, so these are ours, in the
 * {@code <service>.<resource>.<action>} shape of Glance's and Nova's. The project is the account's.
 */
final class ObjectEvents
{
    static final String CONTAINER_CREATE = "objectstore.container.create";
    static final String CONTAINER_UPDATE = "objectstore.container.update";
    static final String CONTAINER_DELETE = "objectstore.container.delete";
    static final String OBJECT_CREATE = "objectstore.object.create";
    static final String OBJECT_UPDATE = "objectstore.object.update";
    static final String OBJECT_DELETE = "objectstore.object.delete";
    static final String OBJECT_QUARANTINE = "objectstore.object.quarantine";

    private ObjectEvents() {}

    static Event container(String type, String account, String container)
    {
        return Event.of(type, Optional.of(account), "container", account + "/" + container, Map.of("account", account, "container", container));
    }

    static Event object(String type, ObjectRow row)
    {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("account", row.account());
        payload.put("container", row.container());
        payload.put("object", row.name());
        if (!row.deleted()) {
            payload.put("bytes", row.size());
            Optional.ofNullable(row.etag()).ifPresent(etag -> payload.put("etag", etag));
            Optional.ofNullable(row.contentType()).ifPresent(contentType -> payload.put("content_type", contentType));
        }
        return Event.of(type, Optional.of(row.account()), "object", row.account() + "/" + row.container() + "/" + row.name(), payload);
    }

    /** An object the audit removed because its bytes failed their checksum (or were lost). */
    static Event quarantine(ObjectRow row, String reason)
    {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("account", row.account());
        payload.put("container", row.container());
        payload.put("object", row.name());
        payload.put("bytes", row.size());
        payload.put("etag", row.etag());
        payload.put("blob_id", row.blobId().orElse(""));
        row.versionId().ifPresent(id -> payload.put("version_id", id));
        payload.put("reason", reason);
        return Event.of(OBJECT_QUARANTINE, Optional.of(row.account()), "object", row.account() + "/" + row.container() + "/" + row.name(), payload);
    }
}

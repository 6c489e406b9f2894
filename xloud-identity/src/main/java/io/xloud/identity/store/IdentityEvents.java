package io.xloud.identity.store;

import io.xloud.core.events.Event;
import io.xloud.core.events.EventOutbox;
import org.jdbi.v3.core.Handle;

import java.util.Map;
import java.util.Optional;

/**
 * Keystone's basic notifications ({@code identity.<resource>.created|updated|deleted} with {@code resource_info}),
 * written as events in the transaction of the write. A project's events belong to that project; users, groups,
 * roles and domains sit above projects and belong to none.
 */
final class IdentityEvents
{
    private IdentityEvents() {}

    static void emit(Handle h, String resource, String action, String id, Optional<String> projectId)
    {
        Event event = Event.of("identity." + resource + "." + action, projectId, resource, id, Map.of("resource_info", id));
        if (h.isInTransaction()) {
            EventOutbox.insert(h, event);
        }
    }
}

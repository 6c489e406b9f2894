package io.xloud.core.events;

import java.util.LinkedHashMap;
import java.util.Map;

/** An event on the wire: in the feed and as the body of a webhook POST. */
public final class EventView
{
    private EventView() {}

    public static Map<String, Object> of(Event event)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", event.id());
        view.put("type", event.type());
        view.put("project_id", event.projectId().orElse(null));
        view.put("resource_type", event.resourceType());
        view.put("resource_id", event.resourceId());
        view.put("created_at", event.time().toString());
        view.put("payload", event.payload());
        return view;
    }
}

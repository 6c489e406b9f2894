package io.xloud.core.events.api;

import io.xloud.core.http.Exchange;

import java.util.HashMap;
import java.util.Map;

/** Default rules of the events API: readers of a project read its feed and webhooks, members manage them, admins see all projects. */
public final class EventsPolicies
{
    public static final String LIST_EVENTS = "events:list_events";
    public static final String LIST_SUBSCRIPTIONS = "events:list_subscriptions";
    public static final String GET_SUBSCRIPTION = "events:get_subscription";
    public static final String CREATE_SUBSCRIPTION = "events:create_subscription";
    public static final String UPDATE_SUBSCRIPTION = "events:update_subscription";
    public static final String DELETE_SUBSCRIPTION = "events:delete_subscription";
    public static final String LIST_DELIVERIES = "events:list_deliveries";
    /** Feed and subscriptions of every project, and subscriptions that receive every project's events. */
    public static final String ALL_PROJECTS = "events:all_projects";

    private static final String PROJECT_READER = "role:reader and project_id:%(project_id)s";
    private static final String PROJECT_MEMBER = "role:member and project_id:%(project_id)s";

    private EventsPolicies() {}

    public static Map<String, String> defaults()
    {
        return Map.of(
                LIST_EVENTS, PROJECT_READER,
                LIST_SUBSCRIPTIONS, PROJECT_READER,
                GET_SUBSCRIPTION, PROJECT_READER,
                CREATE_SUBSCRIPTION, PROJECT_MEMBER,
                UPDATE_SUBSCRIPTION, PROJECT_MEMBER,
                DELETE_SUBSCRIPTION, PROJECT_MEMBER,
                LIST_DELIVERIES, PROJECT_READER,
                ALL_PROJECTS, "role:admin");
    }

    /**
     * The target of every events rule: the caller's own project, since what a caller reaches is scoped to it. A
     * token without a project gets an empty string, which no credential's project matches.
     */
    public static Map<String, Object> target(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", exchange.auth().projectId().orElse(""));
        return target;
    }
}

package io.xloud.image.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glance's default rules for import, stores, tasks and the cache (glance/policies/discovery.py, tasks.py,
 * cache.py), by Glance's names; the image rules these routes also use (modify_image, copy_image, get_image,
 * get_image_location, delete_image_location) are {@link ImagePolicies}'.
 */
public final class ImportPolicies
{
    public static final String STORES_INFO_DETAIL = "stores_info_detail";
    public static final String GET_TASK = "get_task";
    public static final String GET_TASKS = "get_tasks";
    public static final String ADD_TASK = "add_task";
    public static final String MODIFY_TASK = "modify_task";
    public static final String TASKS_API_ACCESS = "tasks_api_access";
    public static final String CACHE_IMAGE = "cache_image";
    public static final String CACHE_LIST = "cache_list";
    public static final String CACHE_DELETE = "cache_delete";
    /** Glance guards its discovery documents with no rule of their own: any caller with a token. */
    public static final String DEFAULT = "default";

    private ImportPolicies() {}

    public static Map<String, String> defaults()
    {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put(STORES_INFO_DETAIL, ImagePolicies.ADMIN);
        rules.put(GET_TASK, "");
        rules.put(GET_TASKS, "");
        rules.put(ADD_TASK, "");
        rules.put(MODIFY_TASK, "");
        rules.put(TASKS_API_ACCESS, ImagePolicies.ADMIN);
        rules.put(CACHE_IMAGE, ImagePolicies.ADMIN);
        rules.put(CACHE_LIST, ImagePolicies.ADMIN);
        rules.put(CACHE_DELETE, ImagePolicies.ADMIN);
        return rules;
    }
}

package io.xloud.image.api.metadef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glance's default metadef policy rules (glance/policies/metadef.py, secure RBAC): an admin changes the catalog;
 * readers of a project read their project's namespaces and the public ones. {@code context_is_admin} is Glance's,
 * defined with the image rules.
 */
public final class MetadefPolicies
{
    static final String GET_NAMESPACE = "get_metadef_namespace";
    static final String GET_NAMESPACES = "get_metadef_namespaces";
    static final String MODIFY_NAMESPACE = "modify_metadef_namespace";
    static final String ADD_NAMESPACE = "add_metadef_namespace";
    static final String DELETE_NAMESPACE = "delete_metadef_namespace";
    static final String GET_OBJECT = "get_metadef_object";
    static final String GET_OBJECTS = "get_metadef_objects";
    static final String MODIFY_OBJECT = "modify_metadef_object";
    static final String ADD_OBJECT = "add_metadef_object";
    static final String DELETE_OBJECT = "delete_metadef_object";
    static final String LIST_RESOURCE_TYPES = "list_metadef_resource_types";
    static final String GET_RESOURCE_TYPE = "get_metadef_resource_type";
    static final String ADD_RESOURCE_TYPE_ASSOCIATION = "add_metadef_resource_type_association";
    static final String REMOVE_RESOURCE_TYPE_ASSOCIATION = "remove_metadef_resource_type_association";
    static final String GET_PROPERTY = "get_metadef_property";
    static final String GET_PROPERTIES = "get_metadef_properties";
    static final String MODIFY_PROPERTY = "modify_metadef_property";
    static final String ADD_PROPERTY = "add_metadef_property";
    static final String REMOVE_PROPERTY = "remove_metadef_property";
    static final String GET_TAG = "get_metadef_tag";
    static final String GET_TAGS = "get_metadef_tags";
    static final String MODIFY_TAG = "modify_metadef_tag";
    static final String ADD_TAG = "add_metadef_tag";
    static final String ADD_TAGS = "add_metadef_tags";
    static final String DELETE_TAG = "delete_metadef_tag";
    static final String DELETE_TAGS = "delete_metadef_tags";

    private static final String ADMIN = "rule:context_is_admin";
    private static final String METADEF_ADMIN = "rule:metadef_admin";
    private static final String ADMIN_OR_PROJECT_READER = ADMIN + " or (role:reader and project_id:%(project_id)s)";
    private static final String ADMIN_OR_PROJECT_READER_GET_NAMESPACE =
            ADMIN + " or (role:reader and (project_id:%(project_id)s or 'public':%(visibility)s))";

    private MetadefPolicies() {}

    /** Every metadef rule, in Glance's declaration order. */
    public static Map<String, String> defaults()
    {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("metadef_default", "");
        rules.put("metadef_admin", ADMIN);
        rules.put(GET_NAMESPACE, ADMIN_OR_PROJECT_READER_GET_NAMESPACE);
        rules.put(GET_NAMESPACES, ADMIN_OR_PROJECT_READER);
        rules.put(MODIFY_NAMESPACE, METADEF_ADMIN);
        rules.put(ADD_NAMESPACE, METADEF_ADMIN);
        rules.put(DELETE_NAMESPACE, METADEF_ADMIN);
        rules.put(GET_OBJECT, ADMIN_OR_PROJECT_READER_GET_NAMESPACE);
        rules.put(GET_OBJECTS, ADMIN_OR_PROJECT_READER_GET_NAMESPACE);
        rules.put(MODIFY_OBJECT, METADEF_ADMIN);
        rules.put(ADD_OBJECT, METADEF_ADMIN);
        rules.put(DELETE_OBJECT, METADEF_ADMIN);
        rules.put(LIST_RESOURCE_TYPES, ADMIN_OR_PROJECT_READER_GET_NAMESPACE);
        rules.put(GET_RESOURCE_TYPE, ADMIN_OR_PROJECT_READER_GET_NAMESPACE);
        rules.put(ADD_RESOURCE_TYPE_ASSOCIATION, METADEF_ADMIN);
        rules.put(REMOVE_RESOURCE_TYPE_ASSOCIATION, METADEF_ADMIN);
        rules.put(GET_PROPERTY, ADMIN_OR_PROJECT_READER_GET_NAMESPACE);
        rules.put(GET_PROPERTIES, ADMIN_OR_PROJECT_READER_GET_NAMESPACE);
        rules.put(MODIFY_PROPERTY, METADEF_ADMIN);
        rules.put(ADD_PROPERTY, METADEF_ADMIN);
        rules.put(REMOVE_PROPERTY, METADEF_ADMIN);
        rules.put(GET_TAG, ADMIN_OR_PROJECT_READER_GET_NAMESPACE);
        rules.put(GET_TAGS, ADMIN_OR_PROJECT_READER_GET_NAMESPACE);
        rules.put(MODIFY_TAG, METADEF_ADMIN);
        rules.put(ADD_TAG, METADEF_ADMIN);
        rules.put(ADD_TAGS, METADEF_ADMIN);
        rules.put(DELETE_TAG, METADEF_ADMIN);
        rules.put(DELETE_TAGS, METADEF_ADMIN);
        return rules;
    }
}

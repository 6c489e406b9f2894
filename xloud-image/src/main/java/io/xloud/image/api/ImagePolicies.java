package io.xloud.image.api;

import io.xloud.image.api.metadef.MetadefPolicies;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glance's default policy rules (glance/policies/*.py, secure RBAC, project scope), by Glance's rule names. A
 * rule about one image is checked against a target holding the image's owner as {@code project_id}, its
 * {@code visibility} and, for a member, the caller's project as {@code member_id}.
 */
public final class ImagePolicies
{
    public static final String ADMIN = "role:admin";
    public static final String PROJECT_MEMBER = "role:member and project_id:%(project_id)s";
    public static final String PROJECT_READER = "role:reader and project_id:%(project_id)s";
    public static final String ADMIN_OR_PROJECT_MEMBER = "role:admin or (" + PROJECT_MEMBER + ")";
    public static final String ADMIN_OR_PROJECT_READER = "role:admin or (" + PROJECT_READER + ")";
    public static final String ADMIN_OR_PROJECT_READER_GET_IMAGE = "role:admin or (role:reader and (project_id:%(project_id)s"
            + " or project_id:%(member_id)s or 'community':%(visibility)s or 'public':%(visibility)s or 'shared':%(visibility)s))";
    public static final String ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER = "role:admin or (role:reader and (project_id:%(project_id)s"
            + " or project_id:%(member_id)s))";
    public static final String ADMIN_OR_SHARED_MEMBER = "role:admin or (role:member and project_id:%(member_id)s)";

    public static final String ADD_IMAGE = "add_image";
    public static final String DELETE_IMAGE = "delete_image";
    public static final String GET_IMAGE = "get_image";
    public static final String GET_IMAGES = "get_images";
    public static final String MODIFY_IMAGE = "modify_image";
    public static final String PUBLICIZE_IMAGE = "publicize_image";
    public static final String COMMUNITIZE_IMAGE = "communitize_image";
    public static final String DOWNLOAD_IMAGE = "download_image";
    public static final String UPLOAD_IMAGE = "upload_image";
    public static final String DELETE_IMAGE_LOCATION = "delete_image_location";
    public static final String GET_IMAGE_LOCATION = "get_image_location";
    public static final String SET_IMAGE_LOCATION = "set_image_location";
    public static final String ADD_MEMBER = "add_member";
    public static final String DELETE_MEMBER = "delete_member";
    public static final String GET_MEMBER = "get_member";
    public static final String GET_MEMBERS = "get_members";
    public static final String MODIFY_MEMBER = "modify_member";
    public static final String DEACTIVATE = "deactivate";
    public static final String REACTIVATE = "reactivate";
    public static final String COPY_IMAGE = "copy_image";
    public static final String GET_SCHEMAS = "get_schemas";
    public static final String GET_VERSIONS = "get_versions";

    private ImagePolicies() {}

    public static Map<String, String> defaults()
    {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("context_is_admin", ADMIN);
        rules.put("default", "");
        rules.put(ADD_IMAGE, ADMIN_OR_PROJECT_MEMBER);
        rules.put(DELETE_IMAGE, ADMIN_OR_PROJECT_MEMBER);
        rules.put(GET_IMAGE, ADMIN_OR_PROJECT_READER_GET_IMAGE);
        rules.put(GET_IMAGES, ADMIN_OR_PROJECT_READER);
        rules.put(MODIFY_IMAGE, ADMIN_OR_PROJECT_MEMBER);
        rules.put(PUBLICIZE_IMAGE, ADMIN);
        rules.put(COMMUNITIZE_IMAGE, ADMIN_OR_PROJECT_MEMBER);
        rules.put(DOWNLOAD_IMAGE, ADMIN_OR_PROJECT_READER_GET_IMAGE);
        rules.put(UPLOAD_IMAGE, ADMIN_OR_PROJECT_MEMBER);
        rules.put(DELETE_IMAGE_LOCATION, ADMIN);
        rules.put(GET_IMAGE_LOCATION, ADMIN_OR_PROJECT_READER);
        rules.put(SET_IMAGE_LOCATION, ADMIN_OR_PROJECT_MEMBER);
        rules.put(ADD_MEMBER, ADMIN_OR_PROJECT_MEMBER);
        rules.put(DELETE_MEMBER, ADMIN_OR_PROJECT_MEMBER);
        rules.put(GET_MEMBER, ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER);
        rules.put(GET_MEMBERS, ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER);
        rules.put(MODIFY_MEMBER, ADMIN_OR_SHARED_MEMBER);
        rules.put(DEACTIVATE, ADMIN_OR_PROJECT_MEMBER);
        rules.put(REACTIVATE, ADMIN_OR_PROJECT_MEMBER);
        rules.put(COPY_IMAGE, ADMIN);
        rules.put(GET_SCHEMAS, "");
        rules.putAll(MetadefPolicies.defaults());
        return rules;
    }
}

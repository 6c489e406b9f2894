package io.xloud.objectstore.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object store's policy rules, as Swift's keystoneauth decides: the owner of an account is its project;
 * its operators (keystoneauth's operator_roles, here admin and member) may change it and its readers read it.
 * The admin role operates its own project's account only: only the reseller admin role (ResellerAdmin)
 * reaches other accounts, including accounts of projects that do not exist. Callers these rules refuse may
 * still be let in by a container ACL, a TempURL or a FormPost signature.
 */
public final class SwiftPolicies
{
    public static final String ANYONE = "";
    public static final String RESELLER = "role:ResellerAdmin";
    public static final String OPERATOR = "role:admin or role:member";
    public static final String READER = "rule:object_store:reseller or ((rule:object_store:operator or role:reader) and project_id:%(project_id)s)";
    public static final String WRITER = "rule:object_store:reseller or (rule:object_store:operator and project_id:%(project_id)s)";

    public static final String INFO = "object_store:info";
    public static final String HEALTHCHECK = "object_store:healthcheck";
    public static final String CROSSDOMAIN = "object_store:crossdomain";
    public static final String GET_ACCOUNT = "object_store:get_account";
    public static final String HEAD_ACCOUNT = "object_store:head_account";
    public static final String POST_ACCOUNT = "object_store:post_account";
    public static final String BULK_DELETE = "object_store:bulk_delete";
    public static final String EXTRACT_ARCHIVE = "object_store:extract_archive";
    public static final String SET_ACCOUNT_QUOTA = "object_store:set_account_quota";
    public static final String GET_CONTAINER = "object_store:get_container";
    public static final String HEAD_CONTAINER = "object_store:head_container";
    public static final String PUT_CONTAINER = "object_store:put_container";
    public static final String POST_CONTAINER = "object_store:post_container";
    public static final String DELETE_CONTAINER = "object_store:delete_container";
    public static final String GET_OBJECT = "object_store:get_object";
    public static final String HEAD_OBJECT = "object_store:head_object";
    public static final String PUT_OBJECT = "object_store:put_object";
    public static final String POST_OBJECT = "object_store:post_object";
    public static final String DELETE_OBJECT = "object_store:delete_object";
    public static final String COPY_OBJECT = "object_store:copy_object";
    /** CORS preflights: keystoneauth lets every OPTIONS request through, with or without a token. */
    public static final String OPTIONS = "object_store:options";

    private SwiftPolicies() {}

    public static Map<String, String> defaults()
    {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("object_store:reseller", RESELLER);
        rules.put("object_store:operator", OPERATOR);
        rules.put(INFO, ANYONE);
        rules.put(HEALTHCHECK, ANYONE);
        rules.put(CROSSDOMAIN, ANYONE);
        rules.put(GET_ACCOUNT, READER);
        rules.put(HEAD_ACCOUNT, READER);
        rules.put(POST_ACCOUNT, WRITER);
        rules.put(BULK_DELETE, WRITER);
        rules.put(EXTRACT_ARCHIVE, WRITER);
        rules.put(SET_ACCOUNT_QUOTA, "rule:object_store:reseller");
        rules.put(GET_CONTAINER, READER);
        rules.put(HEAD_CONTAINER, READER);
        rules.put(PUT_CONTAINER, WRITER);
        rules.put(POST_CONTAINER, WRITER);
        rules.put(DELETE_CONTAINER, WRITER);
        rules.put(GET_OBJECT, READER);
        rules.put(HEAD_OBJECT, READER);
        rules.put(PUT_OBJECT, WRITER);
        rules.put(POST_OBJECT, WRITER);
        rules.put(DELETE_OBJECT, WRITER);
        rules.put(COPY_OBJECT, WRITER);
        rules.put(OPTIONS, ANYONE);
        return rules;
    }
}

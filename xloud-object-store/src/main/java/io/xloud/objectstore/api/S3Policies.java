package io.xloud.objectstore.api;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default rules of the S3 operations. A bucket always belongs to the caller's project, so the rules
 * are about roles: readers read, members write, as Swift's defaults do.
 */
public final class S3Policies
{
    static final String READER = "object_store:s3:reader";
    static final String WRITER = "object_store:s3:writer";
    /**
     * The rule of a request that a bucket's or an object's ACL allows a caller from outside its project (another project,
     * or an anonymous caller where the ACL grants AllUsers): the ACL decided, so by default anyone it names.
     */
    static final String ACL_GRANT = "object_store:s3:acl_grant";

    private S3Policies() {}

    public static Map<String, String> defaults()
    {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put(READER, "role:admin or (role:reader and project_id:%(project_id)s)");
        rules.put(WRITER, "role:admin or (role:member and project_id:%(project_id)s)");
        rules.put(S3Module.ROUTE_RULE, "rule:" + READER);
        rules.put(ACL_GRANT, "@");
        Arrays.stream(S3Operation.values()).map(S3Operation::rule).distinct().forEach(rule -> rules.put(rule, "rule:" + (isRead(rule) ? READER : WRITER)));
        return rules;
    }

    private static boolean isRead(String rule)
    {
        String operation = rule.substring(rule.lastIndexOf(':') + 1);
        return operation.startsWith("list_") || operation.startsWith("get_") || operation.startsWith("head_");
    }
}

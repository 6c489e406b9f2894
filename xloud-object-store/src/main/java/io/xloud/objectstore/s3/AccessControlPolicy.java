package io.xloud.objectstore.s3;

import io.xloud.core.error.ApiException;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * An S3 access control list: the owner (a project id, the canonical user id) and its grants, as S3 defines them.
 * Grantees are canonical users (project ids) or the AllUsers and AuthenticatedUsers groups; grants by e-mail address
 * are refused, as in AWS regions opened after 2014. Kept in system metadata in a compact line form ({@link #encode}).
 */
public record AccessControlPolicy(String owner, List<Grant> grants)
{
    public static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    public static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    public static final String LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";
    public static final Set<String> PERMISSIONS = Set.of("FULL_CONTROL", "READ", "WRITE", "READ_ACP", "WRITE_ACP");
    public static final int MAX_GRANTS = 100;
    private static final long MAX_BYTES = 64 * 1024;

    public enum Permission
    {
        READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL
    }

    /** One grant: to a canonical user ({@code group} false, {@code grantee} its id) or to a group (its URI). */
    public record Grant(boolean group, String grantee, Permission permission)
    {
        public Grant
        {
            requireNonNull(grantee, "grantee is null");
            requireNonNull(permission, "permission is null");
        }
    }

    public AccessControlPolicy
    {
        requireNonNull(owner, "owner is null");
        grants = List.copyOf(grants);
    }

    /** The ACL a canned name stands for; {@code bucketOwner} is the owner of the bucket an object is in. */
    public static AccessControlPolicy canned(String name, String owner, String bucketOwner)
    {
        List<Grant> grants = new ArrayList<>();
        grants.add(new Grant(false, owner, Permission.FULL_CONTROL));
        switch (name.strip()) {
            case "private" -> { }
            case "public-read" -> grants.add(new Grant(true, ALL_USERS, Permission.READ));
            case "public-read-write" -> {
                grants.add(new Grant(true, ALL_USERS, Permission.READ));
                grants.add(new Grant(true, ALL_USERS, Permission.WRITE));
            }
            case "authenticated-read", "aws-exec-read" -> grants.add(new Grant(true, AUTHENTICATED_USERS, Permission.READ));
            case "bucket-owner-read" -> {
                if (!bucketOwner.equals(owner)) {
                    grants.add(new Grant(false, bucketOwner, Permission.READ));
                }
            }
            case "bucket-owner-full-control" -> {
                if (!bucketOwner.equals(owner)) {
                    grants.add(new Grant(false, bucketOwner, Permission.FULL_CONTROL));
                }
            }
            case "log-delivery-write" -> {
                grants.add(new Grant(true, LOG_DELIVERY, Permission.WRITE));
                grants.add(new Grant(true, LOG_DELIVERY, Permission.READ_ACP));
            }
            default -> throw S3ErrorCode.INVALID_ARGUMENT.exception("The canned ACL " + name + " is not valid.");
        }
        return new AccessControlPolicy(owner, grants);
    }

    public static AccessControlPolicy ownerOnly(String owner)
    {
        return canned("private", owner, owner);
    }

    /**
     * The ACL of a request's {@code x-amz-acl} or {@code x-amz-grant-*} headers, if it has any; InvalidRequest with both.
     *
     * @param header the request's header values by name
     * @param known whether a canonical user id names a project this server knows
     */
    public static Optional<AccessControlPolicy> fromHeaders(java.util.function.Function<String, Optional<String>> header, String owner,
            String bucketOwner, Predicate<String> known)
    {
        Optional<String> canned = header.apply("x-amz-acl");
        List<Grant> grants = new ArrayList<>();
        boolean any = false;
        for (Permission permission : Permission.values()) {
            Optional<String> value = header.apply("x-amz-grant-" + permission.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (value.isEmpty()) {
                continue;
            }
            any = true;
            for (String grantee : value.get().split(",", -1)) {
                grants.add(headerGrant(grantee.strip(), permission, known));
            }
        }
        if (canned.isPresent() && any) {
            throw S3ErrorCode.INVALID_REQUEST.exception("Specifying both Canned ACLs and Header Grants is not allowed");
        }
        if (canned.isPresent()) {
            return Optional.of(canned(canned.get(), owner, bucketOwner));
        }
        if (!any) {
            return Optional.empty();
        }
        requireFew(grants);
        return Optional.of(new AccessControlPolicy(owner, grants));
    }

    private static Grant headerGrant(String text, Permission permission, Predicate<String> known)
    {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("Invalid grantee: " + text);
        }
        String type = text.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(equals + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return switch (type) {
            case "id" -> new Grant(false, knownId(value, known), permission);
            case "uri" -> new Grant(true, group(value), permission);
            case "emailaddress" -> throw emailRefused();
            default -> throw S3ErrorCode.INVALID_ARGUMENT.exception("Invalid grantee type: " + type);
        };
    }

    /** The body of PutBucketAcl or PutObjectAcl: MalformedACLError when it is not an AccessControlPolicy. */
    public static AccessControlPolicy parse(InputStream body, Predicate<String> known)
    {
        XmlElement root;
        try {
            root = S3XmlParser.parse(body, MAX_BYTES, 8 * MAX_GRANTS + 16);
        }
        catch (ApiException e) {
            if (e.code() == S3ErrorCode.MALFORMED_XML) {
                throw malformed();
            }
            throw e;
        }
        if (!root.name().equals("AccessControlPolicy")) {
            throw malformed();
        }
        String owner = root.child("Owner").flatMap(element -> element.childText("ID")).map(String::strip).filter(id -> !id.isEmpty())
                .orElseThrow(AccessControlPolicy::malformed);
        XmlElement list = root.child("AccessControlList").orElseThrow(AccessControlPolicy::malformed);
        List<Grant> grants = new ArrayList<>();
        for (XmlElement grant : list.children()) {
            if (!grant.name().equals("Grant")) {
                throw malformed();
            }
            XmlElement grantee = grant.child("Grantee").orElseThrow(AccessControlPolicy::malformed);
            String permissionText = grant.childText("Permission").map(String::strip).orElseThrow(AccessControlPolicy::malformed);
            if (!PERMISSIONS.contains(permissionText)) {
                throw malformed();
            }
            Permission permission = Permission.valueOf(permissionText);
            Optional<String> id = grantee.childText("ID").map(String::strip);
            Optional<String> uri = grantee.childText("URI").map(String::strip);
            if (grantee.child("EmailAddress").isPresent()) {
                throw emailRefused();
            }
            if (id.isPresent() == uri.isPresent()) {
                throw malformed();
            }
            grants.add(id.isPresent() ? new Grant(false, knownId(id.get(), known), permission) : new Grant(true, group(uri.get()), permission));
        }
        requireFew(grants);
        return new AccessControlPolicy(owner, grants);
    }

    private static void requireFew(List<Grant> grants)
    {
        if (grants.size() > MAX_GRANTS) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("An ACL has at most " + MAX_GRANTS + " grants.");
        }
    }

    private static String knownId(String id, Predicate<String> known)
    {
        if (id.isEmpty() || id.length() > 255 || !known.test(id)) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("Invalid id");
        }
        return id;
    }

    private static String group(String uri)
    {
        if (uri.equals(ALL_USERS) || uri.equals(AUTHENTICATED_USERS) || uri.equals(LOG_DELIVERY)) {
            return uri;
        }
        throw S3ErrorCode.INVALID_ARGUMENT.exception("Invalid group uri");
    }

    private static ApiException emailRefused()
    {
        return S3ErrorCode.INVALID_ARGUMENT.exception("Grants by e-mail address are not supported; grant to the canonical user id.");
    }

    public static ApiException malformed()
    {
        return S3ErrorCode.MALFORMED_ACL.exception("The XML you provided was not well-formed or did not validate against our published schema");
    }

    /**
     * Whether a caller has a permission by this ACL: {@code caller} is the caller's project, empty for an anonymous request.
     * The owner has READ_ACP and WRITE_ACP always, as in S3.
     */
    public boolean allows(Optional<String> caller, Permission permission)
    {
        if (caller.isPresent() && caller.get().equals(owner) && (permission == Permission.READ_ACP || permission == Permission.WRITE_ACP)) {
            return true;
        }
        for (Grant grant : grants) {
            boolean grantee = grant.group()
                    ? grant.grantee().equals(ALL_USERS) || (grant.grantee().equals(AUTHENTICATED_USERS) && caller.isPresent())
                    : caller.map(grant.grantee()::equals).orElse(false);
            if (grantee && (grant.permission() == permission || grant.permission() == Permission.FULL_CONTROL)) {
                return true;
            }
        }
        return false;
    }

    /** One line for the owner, then one line a grant: {@code U|G permission grantee}. */
    public String encode()
    {
        StringBuilder text = new StringBuilder(owner);
        for (Grant grant : grants) {
            text.append('\n').append(grant.group() ? 'G' : 'U').append(' ').append(grant.permission().name()).append(' ').append(grant.grantee());
        }
        return text.toString();
    }

    public static AccessControlPolicy decode(String text)
    {
        String[] lines = text.split("\n", -1);
        List<Grant> grants = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] parts = lines[i].split(" ", 3);
            grants.add(new Grant(parts[0].equals("G"), parts[2], Permission.valueOf(parts[1])));
        }
        return new AccessControlPolicy(lines[0], grants);
    }

    public void write(XmlWriter xml)
    {
        xml.root("AccessControlPolicy");
        xml.start("Owner").element("ID", owner).element("DisplayName", owner).end();
        xml.start("AccessControlList");
        for (Grant grant : grants) {
            xml.start("Grant");
            if (grant.group()) {
                xml.start("Grantee", "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance", "xsi:type", "Group").element("URI", grant.grantee()).end();
            }
            else {
                xml.start("Grantee", "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance", "xsi:type", "CanonicalUser")
                        .element("ID", grant.grantee()).element("DisplayName", grant.grantee()).end();
            }
            xml.element("Permission", grant.permission().name()).end();
        }
        xml.end();
    }
}

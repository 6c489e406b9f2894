package io.xloud.objectstore.api;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectService;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What every Swift resource shares: the engine, and Swift's authorization. A caller may act on an account
 * when a policy rule admits it (the owner project, or a reseller admin); otherwise only a container ACL or
 * a signed URL lets it in, and it is refused with 401 when anonymous and 403 when not.
 */
public final class SwiftApi
{
    /** System metadata keys of the Swift face on containers. */
    public static final String READ_ACL = "swift.read-acl";
    public static final String WRITE_ACL = "swift.write-acl";
    public static final String VERSIONS_LOCATION = "swift.versions-location";
    public static final String VERSIONS_MODE = "swift.versions-mode";
    public static final String SYNC_TO = "swift.sync-to";
    public static final String SYNC_KEY = "swift.sync-key";
    /** System metadata keys of the Swift face on objects. */
    public static final String SLO_SIZE = io.xloud.objectstore.service.LargeObjectAssembler.SLO_SIZE;
    public static final String SLO_ETAG = io.xloud.objectstore.service.LargeObjectAssembler.SLO_ETAG;

    public static final String TEXT_HTML = "text/html; charset=UTF-8";
    public static final String DEFAULT_POLICY = "Policy-0";

    public enum Access
    {
        READ, WRITE
    }

    private final ObjectService objects;

    public SwiftApi(ObjectService objects)
    {
        this.objects = requireNonNull(objects, "objects is null");
    }

    public ObjectService objects()
    {
        return objects;
    }

    public static Map<String, Object> target(String project)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", project);
        target.put("target.project.id", project);
        return target;
    }

    /** The policy target of a route: the project that owns the account in the path. */
    public static Map<String, Object> target(Exchange exchange)
    {
        String account = exchange.path("account");
        return target(account.startsWith(SwiftPath.RESELLER_PREFIX) ? account.substring(SwiftPath.RESELLER_PREFIX.length()) : "");
    }

    /**
     * Whether the caller acts as the account's owner (Swift's swift_owner): the rule admits it (the owner project, or a
     * reseller admin), or the account's ACL names it an admin. An ACL never grants what only a reseller may do.
     */
    public static boolean owner(Exchange exchange, SwiftPath path, String rule)
    {
        if (exchange.allowed(rule, target(path.project()))) {
            return true;
        }
        return !rule.equals(SwiftPolicies.SET_ACCOUNT_QUOTA) && accountLevel(exchange, path.project()) == AccountAcl.Level.ADMIN;
    }

    /**
     * What the account's ACL grants the caller, looked up once per request and account. Anonymous callers get nothing.
     */
    public static AccountAcl.Level accountLevel(Exchange exchange, String project)
    {
        Optional<AuthContext> caller = exchange.optionalAuth();
        if (caller.isEmpty()) {
            return AccountAcl.Level.NONE;
        }
        return exchange.attachment(AccountAcls.class).map(acls -> acls.acl(project).level(caller.get())).orElse(AccountAcl.Level.NONE);
    }

    /** The account ACLs one request has read, by project. */
    static final class AccountAcls
    {
        private final ObjectService objects;
        private final Map<String, AccountAcl> read = new HashMap<>(2);

        AccountAcls(ObjectService objects)
        {
            this.objects = objects;
        }

        AccountAcl acl(String project)
        {
            return read.computeIfAbsent(project, key -> AccountAcl.stored(Optional.ofNullable(objects.account(key).sysmeta().get(AccountAcl.SYSMETA))));
        }
    }

    private static boolean readMethod(Exchange exchange)
    {
        return exchange.method().equals("GET") || exchange.method().equals("HEAD");
    }

    /**
     * Account operations, and container PUT/POST/DELETE: owners and reseller admins; an account ACL's read-write
     * entries change containers and read the account, its read-only entries only read.
     */
    public static void authorizeAccount(Exchange exchange, SwiftPath path, String rule)
    {
        if (owner(exchange, path, rule)) {
            return;
        }
        AccountAcl.Level level = accountLevel(exchange, path.project());
        boolean read = readMethod(exchange);
        if (read && level.compareTo(AccountAcl.Level.READ_ONLY) >= 0) {
            return;
        }
        if (!path.isAccount() && level == AccountAcl.Level.READ_WRITE) {
            return;
        }
        throw denied(exchange);
    }

    /** Whether the account's ACL lets the caller read or write a container and its objects. */
    private static boolean accountAclAllows(Exchange exchange, String project, Access access)
    {
        AccountAcl.Level level = accountLevel(exchange, project);
        return level == AccountAcl.Level.READ_WRITE || level == AccountAcl.Level.ADMIN || (access == Access.READ && level == AccountAcl.Level.READ_ONLY);
    }

    /**
     * Container and object operations: owners, or callers a container ACL grants the access to. Reads through a
     * referrer rule ({@code .r:*}) need {@code .rlistings} as well when they list the container.
     */
    public static void authorize(Exchange exchange, SwiftPath path, String rule, Access access, Optional<ContainerInfo> container, boolean listing)
    {
        if (owner(exchange, path, rule)) {
            return;
        }
        if (accountAclAllows(exchange, path.project(), access)) {
            return;
        }
        if (aclAllows(exchange, access, container, listing)) {
            return;
        }
        throw denied(exchange);
    }

    public static boolean aclAllows(Exchange exchange, Access access, Optional<ContainerInfo> container, boolean listing)
    {
        if (container.isEmpty()) {
            return false;
        }
        if (accountAclAllows(exchange, container.get().account(), access)) {
            return true;
        }
        ContainerAcl acl = ContainerAcl.parse(container.get().sysmeta().get(access == Access.READ ? READ_ACL : WRITE_ACL));
        if (access == Access.READ && acl.referrerAllowed(exchange.header("Referer")) && (!listing || acl.listings())) {
            return true;
        }
        Optional<AuthContext> caller = exchange.optionalAuth();
        return caller.isPresent() && acl.grants(caller.get());
    }

    /** 401 for an anonymous caller, 403 for a known one. */
    public static ApiException denied(Exchange exchange)
    {
        if (exchange.optionalAuth().isEmpty()) {
            return new ApiException(ObjectErrorCode.UNAUTHORIZED, SwiftErrorDialect.explanation(401));
        }
        return new ApiException(ObjectErrorCode.FORBIDDEN, SwiftErrorDialect.explanation(403));
    }

    public static boolean anonymous(Exchange exchange)
    {
        return exchange.optionalAuth().isEmpty();
    }

    /** A response without a body, with the content type Swift puts even on those. */
    public static void empty(Exchange exchange, int status)
    {
        exchange.header("Content-Type", TEXT_HTML);
        exchange.respond(status, null, null);
    }

    public static ApiException notFound()
    {
        return new ApiException(ObjectErrorCode.NO_SUCH_OBJECT, SwiftErrorDialect.explanation(404));
    }

    public static ApiException badRequest(String message)
    {
        return new ApiException(ObjectErrorCode.BAD_REQUEST, message);
    }

    public static ApiException preconditionFailed(String message)
    {
        return new ApiException(ObjectErrorCode.PRECONDITION_FAILED, message);
    }
}

package io.xloud.objectstore.api;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.objectstore.service.ObjectErrorCode;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A container ACL as Swift's keystoneauth reads it: referrer rules ({@code .r:*}, {@code .r:.example.com},
 * {@code .r:-bad.example.com}), {@code .rlistings}, and grants to callers as {@code project:user} with ids,
 * names (default domain only) or {@code *}, or to role names.
 */
public record ContainerAcl(List<String> referrers, boolean listings, List<String> grants)
{
    public static final ContainerAcl EMPTY = new ContainerAcl(List.of(), false, List.of());

    public ContainerAcl
    {
        referrers = List.copyOf(referrers);
        grants = List.copyOf(grants);
    }

    public static ContainerAcl parse(String value)
    {
        if (value == null || value.isBlank()) {
            return EMPTY;
        }
        List<String> referrers = new ArrayList<>();
        List<String> grants = new ArrayList<>();
        boolean listings = false;
        for (String raw : value.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith(".")) {
                if (entry.equals(".rlistings")) {
                    listings = true;
                }
                else if (entry.startsWith(".r:") || entry.startsWith(".ref:") || entry.startsWith(".referer:") || entry.startsWith(".referrer:")) {
                    String rule = entry.substring(entry.indexOf(':') + 1).strip();
                    if (rule.isEmpty() || rule.equals("-")) {
                        throw invalid(value);
                    }
                    referrers.add(rule);
                }
                else {
                    throw invalid(value);
                }
            }
            else {
                grants.add(entry);
            }
        }
        return new ContainerAcl(referrers, listings, grants);
    }

    /** Checks an ACL header value before it is stored; referrer rules are read rules only. */
    public static void validate(String value, boolean write)
    {
        ContainerAcl acl = parse(value);
        if (write && (!acl.referrers().isEmpty() || acl.listings())) {
            throw new ApiException(ObjectErrorCode.BAD_REQUEST, "Referrers not allowed in write ACL: " + value);
        }
    }

    private static ApiException invalid(String value)
    {
        return new ApiException(ObjectErrorCode.BAD_REQUEST, "Invalid X-Container-Read/Write ACL: " + value);
    }

    /** Whether the referrer rules let a request in, whoever sends it; a later rule overrides an earlier one. */
    public boolean referrerAllowed(Optional<String> referer)
    {
        String host = referer.flatMap(ContainerAcl::hostOf).orElse("");
        boolean allowed = false;
        for (String rule : referrers) {
            boolean deny = rule.startsWith("-");
            String pattern = (deny ? rule.substring(1) : rule).toLowerCase(Locale.ROOT);
            boolean matches = pattern.equals("*")
                    || (pattern.startsWith(".") ? host.endsWith(pattern) : host.equals(pattern));
            if (matches) {
                allowed = !deny;
            }
        }
        return allowed;
    }

    private static Optional<String> hostOf(String referer)
    {
        try {
            return Optional.ofNullable(URI.create(referer.strip()).getHost()).map(host -> host.toLowerCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether a grant names the caller. */
    public boolean grants(AuthContext caller)
    {
        String userId = caller.userId();
        String userName = caller.userName();
        String projectId = caller.projectId().orElse(null);
        String projectName = caller.projectName().orElse(null);
        // names are unique only within a domain: keystoneauth honours them in the default domain alone
        boolean namesAllowed = "default".equals(caller.userDomainId()) && "default".equals(caller.projectDomainId().orElse(null));
        for (String grant : grants) {
            int colon = grant.indexOf(':');
            if (colon < 0) {
                if (caller.roles().stream().anyMatch(role -> role.name().equalsIgnoreCase(grant))) {
                    return true;
                }
                continue;
            }
            String project = grant.substring(0, colon).strip();
            String user = grant.substring(colon + 1).strip();
            boolean projectMatches = project.equals("*") || project.equals(projectId) || (namesAllowed && project.equals(projectName));
            boolean userMatches = user.equals("*") || user.equals(userId) || (namesAllowed && user.equals(userName));
            if (projectMatches && userMatches && projectId != null) {
                return true;
            }
        }
        return false;
    }
}

package io.xloud.identity.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What a restricted application credential may call: a method on a path of a service. Shared by the user's credentials. */
public record AccessRule(String id, String userId, String service, Optional<String> path, String method)
{
    public AccessRule
    {
        requireNonNull(id, "id is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(service, "service is null");
        requireNonNull(path, "path is null");
        requireNonNull(method, "method is null");
    }

    public boolean sameAs(String service, Optional<String> path, String method)
    {
        return this.service.equals(service) && this.path.equals(path) && this.method.equals(method);
    }

    /** The form kept in an application credential's row and shown in its view and its tokens: id, service, path, method. */
    public Map<String, Object> toMap()
    {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("service", service);
        map.put("path", path.orElse(null));
        map.put("method", method);
        return map;
    }
}

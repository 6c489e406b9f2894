package io.xloud.core.auth;

import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One access rule of an application credential: the token it makes may call {@code method} on a path of the service
 * whose catalog type is {@code service}. The path is relative to where the service is mounted (e.g. {@code /v3/users}
 * for Identity, {@code /v1/AUTH_x/photos/cat.jpg} for Object Storage); {@code *} and {@code {name}} match one path
 * segment, {@code **} any run of characters including slashes, as keystonemiddleware matches them. A rule without
 * a path holds for every path of its service and method.
 */
public record AccessRule(String service, String method, Optional<String> path)
{
    public AccessRule
    {
        requireNonNull(service, "service is null");
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
    }

    public boolean allows(String serviceType, String requestMethod, String requestPath)
    {
        return service.equals(serviceType) && method.equals(requestMethod)
                && path.map(template -> pattern(template).matcher(requestPath).matches()).orElse(true);
    }

    /** keystonemiddleware's translation of a rule path to a regular expression, with literal characters taken literally. */
    static Pattern pattern(String template)
    {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && template.indexOf('}', i) > i) {
                regex.append("[^/]+");
                i = template.indexOf('}', i) + 1;
            }
            else if (c == '*' && i + 1 < template.length() && template.charAt(i + 1) == '*') {
                regex.append(".*");
                i += 2;
            }
            else if (c == '*') {
                regex.append("[^/]+");
                i++;
            }
            else {
                int end = i;
                while (end < template.length() && template.charAt(end) != '*' && template.charAt(end) != '{') {
                    end++;
                }
                if (end == i) {
                    end++;
                }
                regex.append(Pattern.quote(template.substring(i, end)));
                i = end;
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}

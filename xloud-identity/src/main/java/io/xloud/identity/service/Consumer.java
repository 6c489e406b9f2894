package io.xloud.identity.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** An OS-OAUTH1 consumer; the secret is shown once, when it is created. */
public record Consumer(String id, Optional<String> description, String secret, Map<String, Object> extra)
{
    public Consumer
    {
        requireNonNull(id, "id is null");
        requireNonNull(description, "description is null");
        requireNonNull(secret, "secret is null");
        // keeps the order the attributes were given in, which is the order they are shown in
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }
}

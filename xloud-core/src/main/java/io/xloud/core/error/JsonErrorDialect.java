package io.xloud.core.error;

import io.xloud.core.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keystone's error body, {@code {"error":{"code":404,"title":"Not Found","message":"..."}}}; the kernel's own default. */
public final class JsonErrorDialect
        implements ErrorDialect
{
    @Override
    public Body render(ErrorCode code, String message)
    {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.status());
        error.put("title", code.title());
        error.put("message", message);
        return new Body("application/json", Json.bytes(Map.of("error", error)));
    }
}

package io.xloud.network.api;

import io.xloud.core.error.CoreErrorCode;
import io.xloud.core.error.ErrorCode;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.json.Json;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.SecurityErrorCode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Neutron's error body: {@code {"NeutronError": {"type": "NetworkNotFound", "message": "...", "detail": ""}}}. */
public final class NeutronErrorDialect
        implements ErrorDialect
{
    /** The kernel's quota refusal, "Quota exceeded for network: requested 1, limit 2.". */
    private static final Pattern KERNEL_OVER_QUOTA = Pattern.compile("Quota exceeded for ([a-z_]+): .*");

    @Override
    public Body render(ErrorCode code, String message)
    {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type(code));
        error.put("message", neutronMessage(code, message));
        error.put("detail", "");
        return new Body("application/json", Json.bytes(Map.of("NeutronError", error)));
    }

    /** Neutron words a quota refusal as {@code Quota exceeded for resources: ['network'].}; clients match on it. */
    private static String neutronMessage(ErrorCode code, String message)
    {
        Matcher over = KERNEL_OVER_QUOTA.matcher(message);
        if (code == NetworkErrorCode.OVER_QUOTA && over.matches()) {
            return "Quota exceeded for resources: ['" + over.group(1) + "'].";
        }
        return message;
    }

    /** Neutron's exception name; the kernel's own failures as the webob exceptions Neutron raises for them. */
    static String type(ErrorCode code)
    {
        if (code instanceof NetworkErrorCode || code instanceof SecurityErrorCode || code instanceof io.xloud.network.service.L3ErrorCode
                || code instanceof io.xloud.network.service.PoolErrorCode || code instanceof io.xloud.network.service.TrunkErrorCode) {
            return code.title();
        }
        if (code instanceof CoreErrorCode core) {
            return switch (core) {
                case FORBIDDEN -> "PolicyNotAuthorized";
                case PRECONDITION_FAILED -> "PreconditionFailed";
                case PAYLOAD_TOO_LARGE -> "HTTPRequestEntityTooLarge";
                default -> "HTTP" + core.title().replace(" ", "");
            };
        }
        return "HTTP" + code.title().replace(" ", "");
    }
}

package io.xloud.network.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.network.service.L3ErrorCode;

import java.util.HashMap;
import java.util.Map;

/** Policy targets and list scopes of the L3 resources. */
final class L3Targets
{
    private L3Targets() {}

    static Map<String, Object> owner(String projectId)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", projectId);
        target.put("tenant_id", projectId);
        return target;
    }

    /** A list's target: the caller's own project, so that a reader may list (and sees only what the scope lets through). */
    static Map<String, Object> caller(Exchange exchange)
    {
        return owner(exchange.auth().projectId().orElse(""));
    }

    /** An attribute rule (e.g. create_router:external_gateway_info:enable_snat): 403 when it does not hold. */
    static void require(Exchange exchange, String rule, Map<String, Object> target)
    {
        if (!exchange.allowed(rule, target)) {
            throw new ApiException(L3ErrorCode.POLICY_NOT_AUTHORIZED, "(rule:" + rule + ") is disallowed by policy");
        }
    }
}

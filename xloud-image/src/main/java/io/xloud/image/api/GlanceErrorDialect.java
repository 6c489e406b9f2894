package io.xloud.image.api;

import io.xloud.core.error.ErrorCode;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glance's error bodies, as webob renders an HTTP exception for a JSON client:
 * {@code {"message": "<explanation><br /><br />\n<detail>\n\n", "code": "404 Not Found", "title": "Not Found"}}.
 */
public final class GlanceErrorDialect
        implements ErrorDialect
{
    /** webob's explanation per status. */
    private static final Map<Integer, String> EXPLANATIONS = Map.ofEntries(
            Map.entry(400, "The server could not comply with the request since it is either malformed or otherwise incorrect."),
            Map.entry(401, "This server could not verify that you are authorized to access the document you requested. Either you supplied"
                    + " the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required."),
            Map.entry(403, "Access was denied to this resource."),
            Map.entry(404, "The resource could not be found."),
            Map.entry(405, "The method is not allowed for this resource."),
            Map.entry(406, "The resource could not be generated that was acceptable to your browser."),
            Map.entry(409, "There was a conflict when trying to complete your request."),
            Map.entry(410, "This resource is no longer available.  No forwarding address is given."),
            Map.entry(413, "The body of your request was too large for this server."),
            Map.entry(415, "The request media type is not supported by this server."),
            Map.entry(416, "The Range requested is not available."),
            Map.entry(429, "Too many requests."),
            Map.entry(500, "The server has either erred or is incapable of performing the requested operation."),
            Map.entry(501, "The server has not implemented the requested operation."),
            Map.entry(503, "The server is currently unavailable. Please try again at a later time."));

    @Override
    public Body render(ErrorCode code, String message)
    {
        String explanation = EXPLANATIONS.getOrDefault(code.status(), "");
        String detail = message == null || message.equals(explanation) ? "" : message;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", explanation + "<br /><br />\n" + detail + "\n\n");
        body.put("code", code.status() + " " + code.title());
        body.put("title", code.title());
        return new Body("application/json", Json.bytes(body));
    }
}

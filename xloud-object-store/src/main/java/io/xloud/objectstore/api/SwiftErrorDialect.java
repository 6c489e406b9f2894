package io.xloud.objectstore.api;

import io.xloud.core.error.ErrorCode;
import io.xloud.core.error.ErrorDialect;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Swift's error bodies: its standard HTML snippet when the failure has nothing more to say
 * ({@code <html><h1>Not Found</h1><p>The resource could not be found.</p></html>}), and the message as
 * plain text when it has (e.g. {@code Container name length of 257 longer than 256}).
 */
public final class SwiftErrorDialect
        implements ErrorDialect
{
    public static final String CONTENT_TYPE = "text/html; charset=UTF-8";

    /** Swift's (webob's) explanations per status. */
    private static final Map<Integer, String> EXPLANATIONS = Map.ofEntries(
            Map.entry(400, "The server could not comply with the request since it is either malformed or otherwise incorrect."),
            Map.entry(401, "This server could not verify that you are authorized to access the document you requested."),
            Map.entry(403, "Access was denied to this resource."),
            Map.entry(404, "The resource could not be found."),
            Map.entry(405, "The method is not allowed for this resource."),
            Map.entry(406, "The resource could not be found."),
            Map.entry(408, "The server has waited too long for the request to be sent by the client."),
            Map.entry(409, "There was a conflict when trying to complete your request."),
            Map.entry(411, "Missing Content-Length or Transfer-Encoding"),
            Map.entry(412, "A precondition for this request was not met."),
            Map.entry(413, "The body of your request was too large for this server."),
            Map.entry(416, "The Range requested is not available."),
            Map.entry(422, "Unable to process the contained instructions"),
            Map.entry(429, "Too many requests."),
            Map.entry(499, "The client was disconnected during request."),
            Map.entry(500, "The server has either erred or is incapable of performing the requested operation."),
            Map.entry(501, "The server either does not support the request method or is incapable of performing the request."),
            Map.entry(503, "The server is currently unavailable. Please try again at a later time."),
            Map.entry(507, "There was not enough space to save the resource."));

    @Override
    public Body render(ErrorCode code, String message)
    {
        String explanation = EXPLANATIONS.get(code.status());
        String body;
        if (message == null || message.isBlank() || message.equals(explanation) || explanation == null && message.equals(code.title())) {
            body = "<html><h1>" + code.title() + "</h1><p>" + (explanation == null ? code.title() : explanation) + "</p></html>";
        }
        else {
            body = message;
        }
        return new Body(CONTENT_TYPE, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The standard explanation of a status, for errors raised without a message of their own. */
    public static String explanation(int status)
    {
        return EXPLANATIONS.getOrDefault(status, "");
    }
}

package io.xloud.core.events.delivery;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Sends one webhook POST and answers the response status; a failure to connect or a timeout is an IOException. */
@FunctionalInterface
public interface WebhookSender
{
    int post(URI url, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException;
}

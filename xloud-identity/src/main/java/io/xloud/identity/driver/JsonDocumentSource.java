package io.xloud.identity.driver;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;

/** Fetches a small JSON document (an OpenID provider's discovery document or its JWKS). */
public interface JsonDocumentSource
{
    JsonNode fetch(URI uri)
            throws IOException;
}

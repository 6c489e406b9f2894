package io.xloud.objectstore.api;

import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.objectstore.s3.RequestHeaders;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.s3.VerifiedSignature;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ObjectPath;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One S3 request as the handlers read it: the bucket and key from the path (path-style; the S3 listener
 * rewrites virtual-hosted requests to it), the caller's project as the account, and the headers.
 * Keys are taken from the raw path, so that a trailing slash, double slashes and escaped slashes survive.
 */
final class S3Request
{
    /** Request attribute with the path as the client sent it, when a handler in front of the kernel rewrote it. */
    static final String CLIENT_PATH_ATTRIBUTE = "xloud.s3.client-path";

    static final int MAX_KEY_BYTES = 1024;

    private final Exchange exchange;
    private final Optional<String> bucket;
    private final Optional<String> key;

    private S3Request(Exchange exchange, Optional<String> bucket, Optional<String> key)
    {
        this.exchange = exchange;
        this.bucket = bucket;
        this.key = key;
    }

    static S3Request of(Exchange exchange, String pathPrefix)
    {
        requireNonNull(exchange, "exchange is null");
        String rest = exchange.rawPath().substring(Math.min(pathPrefix.length(), exchange.rawPath().length()));
        if (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        if (rest.isEmpty()) {
            return new S3Request(exchange, Optional.empty(), Optional.empty());
        }
        int slash = rest.indexOf('/');
        String bucket = Router.decode(slash < 0 ? rest : rest.substring(0, slash));
        String rawKey = slash < 0 ? "" : rest.substring(slash + 1);
        Optional<String> key = rawKey.isEmpty() ? Optional.empty() : Optional.of(Router.decode(rawKey));
        return new S3Request(exchange, Optional.of(bucket), key);
    }

    /** The path the client signed: as sent, before any rewrite. */
    static String clientPath(Exchange exchange)
    {
        return exchange.attribute(CLIENT_PATH_ATTRIBUTE).map(Object::toString).orElse(exchange.rawPath());
    }

    Exchange exchange()
    {
        return exchange;
    }

    boolean hasBucket()
    {
        return bucket.isPresent();
    }

    boolean hasKey()
    {
        return key.isPresent();
    }

    String bucket()
    {
        return bucket.orElseThrow();
    }

    /** The key, KeyTooLongError past 1024 bytes of UTF-8. */
    String key()
    {
        String value = key.orElseThrow();
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw S3ErrorCode.KEY_TOO_LONG.exception("Your key is too long");
        }
        return value;
    }

    /**
     * The account that holds the bucket addressed: its owner's project (the caller's own, or another project's whose ACL let
     * the caller in); without a bucket, the caller's project.
     */
    String account()
    {
        Optional<S3Access> access = exchange.attachment(S3Access.class);
        if (access.isPresent()) {
            return access.get().owner();
        }
        return exchange.auth().projectId().orElseThrow(() -> S3ErrorCode.ACCESS_DENIED.exception("The credential has no project."));
    }

    /** The bucket's container as it was read with its owner before the handler ran; empty when it was not. */
    Optional<ContainerInfo> container()
    {
        return exchange.attachment(S3Access.class).flatMap(S3Access::container);
    }

    /** The caller's project, the canonical user id it acts as; empty for an anonymous request. */
    Optional<String> caller()
    {
        return exchange.optionalAuth().flatMap(auth -> auth.projectId());
    }

    ObjectPath objectPath()
    {
        return new ObjectPath(account(), bucket(), key());
    }

    RequestHeaders headers()
    {
        return exchange::headers;
    }

    Optional<String> header(String name)
    {
        return exchange.header(name);
    }

    Optional<String> query(String name)
    {
        return exchange.query(name);
    }

    boolean hasQuery(String name)
    {
        return exchange.hasQuery(name);
    }

    VerifiedSignature signature()
    {
        return exchange.attachment(VerifiedSignature.class).orElseThrow(() -> new IllegalStateException("S3 request without a signature"));
    }

    String requestId()
    {
        return exchange.requestId();
    }
}

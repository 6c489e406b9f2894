package io.xloud.objectstore.api;

import io.xloud.core.http.Exchange;
import io.xloud.objectstore.s3.CorsConfiguration;
import io.xloud.objectstore.s3.RequestPayload;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ObjectService;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.xloud.objectstore.api.S3Api.xml;

/**
 * CORS: Get/Put/DeleteBucketCors, the answer to a browser's preflight {@code OPTIONS} (unauthenticated, as browsers
 * send it) from the bucket's rules, and the {@code Access-Control-*} headers of a request that carries an Origin.
 */
final class S3CorsResource
{
    static final String SYSMETA = "s3.cors";

    private final ObjectService service;
    private final String pathPrefix;

    S3CorsResource(ObjectService service, String pathPrefix)
    {
        this.service = service;
        this.pathPrefix = pathPrefix;
    }

    void getBucketCors(S3Request request)
            throws IOException
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        CorsConfiguration configuration = configuration(bucket)
                .orElseThrow(() -> S3ErrorCode.NO_SUCH_CORS_CONFIGURATION.exception("The CORS configuration does not exist"));
        xml(request.exchange(), 200, configuration::write);
    }

    void putBucketCors(S3Request request)
            throws IOException
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        CorsConfiguration configuration;
        try (RequestPayload body = S3Api.document(request)) {
            configuration = CorsConfiguration.parse(body);
        }
        S3Api.storeConfiguration(service, request, bucket, SYSMETA, configuration.toXml());
        request.exchange().respond(200, null, null);
    }

    void deleteBucketCors(S3Request request)
    {
        S3Api.requireBucket(service, request);
        S3Api.removeConfiguration(service, request, SYSMETA);
        request.exchange().noContent();
    }

    static Optional<CorsConfiguration> configuration(ContainerInfo bucket)
    {
        return Optional.ofNullable(bucket.sysmeta().get(SYSMETA)).map(CorsConfiguration::fromStored);
    }

    /** OPTIONS /{bucket}[/{key}]: 200 with the matching rule's headers, 403 when no rule allows the request. */
    void preflight(Exchange exchange)
    {
        S3Request request = S3Request.of(exchange, pathPrefix);
        String origin = exchange.header("Origin").map(String::strip).filter(value -> !value.isEmpty())
                .orElseThrow(() -> S3ErrorCode.BAD_REQUEST.exception("Insufficient information. Origin request header needed."));
        String method = exchange.header("Access-Control-Request-Method").map(String::strip).filter(value -> !value.isEmpty())
                .orElseThrow(() -> S3ErrorCode.BAD_REQUEST.exception("Invalid Access-Control-Request-Method: null"));
        List<String> headers = exchange.header("Access-Control-Request-Headers")
                .map(value -> Arrays.stream(value.split(",")).map(String::strip).filter(header -> !header.isEmpty()).toList())
                .orElse(List.of());
        String bucketName = request.bucket();
        ContainerInfo bucket = service.bucketOwner(bucketName)
                .flatMap(owner -> service.container(owner, bucketName))
                .orElseThrow(() -> S3ErrorCode.NO_SUCH_BUCKET.exception("The specified bucket does not exist"));
        CorsConfiguration configuration = configuration(bucket)
                .orElseThrow(() -> S3ErrorCode.ACCESS_FORBIDDEN.exception("CORSResponse: CORS is not enabled for this bucket."));
        CorsConfiguration.Rule rule = configuration.match(origin, method, headers)
                .orElseThrow(() -> S3ErrorCode.ACCESS_FORBIDDEN.exception("CORSResponse: This CORS request is not allowed. This is usually "
                        + "because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers "
                        + "are not whitelisted by the resource's CORS spec."));
        allow(exchange, rule, origin);
        if (!headers.isEmpty()) {
            exchange.header("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        exchange.respond(200, null, null);
    }

    /** On a request with an Origin that a rule of its bucket allows for its method: that rule's headers. */
    static void actualRequest(S3Request request, ContainerInfo bucket)
    {
        Optional<String> origin = request.header("Origin").map(String::strip).filter(value -> !value.isEmpty());
        if (origin.isEmpty()) {
            return;
        }
        configuration(bucket)
                .flatMap(configuration -> configuration.match(origin.get(), request.exchange().method(), List.of()))
                .ifPresent(rule -> allow(request.exchange(), rule, origin.get()));
    }

    private static void allow(Exchange exchange, CorsConfiguration.Rule rule, String origin)
    {
        exchange.header("Access-Control-Allow-Origin", rule.anyOrigin() ? "*" : origin);
        exchange.header("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()));
        if (!rule.exposeHeaders().isEmpty()) {
            exchange.header("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
        }
        rule.maxAgeSeconds().ifPresent(age -> exchange.header("Access-Control-Max-Age", Integer.toString(age)));
        if (!rule.anyOrigin()) {
            exchange.header("Access-Control-Allow-Credentials", "true");
        }
        exchange.header("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
    }
}

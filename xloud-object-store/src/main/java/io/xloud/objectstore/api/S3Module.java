package io.xloud.objectstore.api;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.ServiceModule;
import io.xloud.objectstore.s3.CredentialScope;
import io.xloud.objectstore.s3.PayloadMode;
import io.xloud.objectstore.s3.S3Credentials;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.s3.S3Secret;
import io.xloud.objectstore.s3.SignatureV2Verifier;
import io.xloud.objectstore.s3.SignatureV4;
import io.xloud.objectstore.s3.SignatureV4Verifier;
import io.xloud.objectstore.s3.SignedRequest;
import io.xloud.objectstore.s3.VerifiedSignature;
import io.xloud.objectstore.service.ObjectService;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * S3, path-style under {@code /s3}: buckets are the containers of the project an EC2 credential was made for.
 * Requests authenticate by SigV4 (header or presigned URL) instead of a token; the kernel then enforces the
 * rule of the operation ({@link S3Operation}) as for any service, and errors are S3 XML.
 */
public final class S3Module
        implements ServiceModule
{
    public static final String NAME = "s3";
    public static final String PATH_PREFIX = "/s3";
    /** The route rule, narrowed per request to the operation's. */
    static final String ROUTE_RULE = "object_store:s3:request";

    static final String ANONYMOUS_USER = "anonymous";
    private static final S3Secret ANONYMOUS = new S3Secret("", "", ANONYMOUS_USER, "", List.of());

    private final SignatureV4Verifier verifier;
    private final SignatureV2Verifier verifierV2;
    private final Clock clock;
    private final S3Api api;
    private final S3ErrorDialect dialect = new S3ErrorDialect(PATH_PREFIX);

    public S3Module(ObjectService objects, S3Credentials credentials, String region, Clock clock)
    {
        requireNonNull(objects, "objects is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.verifier = new SignatureV4Verifier(requireNonNull(credentials, "credentials is null"), clock, requireNonNull(region, "region is null"));
        this.verifierV2 = new SignatureV2Verifier(credentials, clock);
        this.api = new S3Api(objects, requireNonNull(region, "region is null"), PATH_PREFIX);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String pathPrefix()
    {
        return PATH_PREFIX;
    }

    @Override
    public ErrorDialect errorDialect()
    {
        return dialect;
    }

    @Override
    public void routes(Router.Builder routes)
    {
        routes.route("GET", PATH_PREFIX, ROUTE_RULE, api::target, api::handle);
        // browsers send a CORS preflight without credentials
        routes.publicRoute("OPTIONS", PATH_PREFIX + "/{bucket}", api::preflight);
        routes.publicRoute("OPTIONS", PATH_PREFIX + "/{bucket}/{key+}", api::preflight);
        for (String method : List.of("GET", "HEAD", "PUT", "POST", "DELETE")) {
            routes.route(method, PATH_PREFIX + "/{bucket}", ROUTE_RULE, api::target, api::handle);
            routes.route(method, PATH_PREFIX + "/{bucket}/{key+}", ROUTE_RULE, api::target, api::handle);
        }
    }

    /** Swift and S3 are two faces of one service: one policy namespace, one policy file. */
    @Override
    public String policyNamespace()
    {
        return "object-store";
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return S3Policies.defaults();
    }

    /** Every S3 response, failures before routing included, carries S3's request id header. */
    @Override
    public void prepare(Exchange exchange)
    {
        exchange.header("x-amz-request-id", exchange.requestId());
    }

    /**
     * SigV4 or SigV2 instead of a token: the credential's user, on its project, with the user's roles there now. A browser
     * upload carries its credential and signature in the form's fields, before the file.
     */
    @Override
    public Optional<AuthContext> authenticate(Exchange exchange)
    {
        if (S3PostObject.applies(exchange, PATH_PREFIX)) {
            S3PostObject.Form form = S3PostObject.authenticate(exchange, PATH_PREFIX, verifier, verifierV2, clock);
            exchange.attach(S3PostObject.Form.class, form);
            return Optional.of(authContext(form.secret()));
        }
        if (isAnonymous(exchange)) {
            exchange.attach(VerifiedSignature.class, anonymousPayload(exchange));
            return Optional.of(anonymous());
        }
        SignedRequest request = new SignedRequest(exchange.method(), S3Request.clientPath(exchange), exchange.rawQuery(), exchange::headers);
        VerifiedSignature signature = SignatureV2Verifier.applies(request)
                ? verifierV2.verify(request, exchange.headersStartingWith("x-amz-").keySet(), resourcePaths(exchange))
                : verifier.verify(request);
        exchange.attach(VerifiedSignature.class, signature);
        return Optional.of(authContext(signature.secret()));
    }

    /** A request without any credential: no Authorization header and no presigned query. */
    private static boolean isAnonymous(Exchange exchange)
    {
        return exchange.header("Authorization").isEmpty() && !exchange.hasQuery("X-Amz-Algorithm") && !exchange.hasQuery("X-Amz-Credential")
                && !exchange.hasQuery("X-Amz-Signature") && !exchange.hasQuery("AWSAccessKeyId") && !exchange.hasQuery("Signature");
    }

    /**
     * How an unsigned request's body is read: as its {@code x-amz-content-sha256} declares (a SHA-256 the body must have, or
     * unsigned aws-chunked with a trailing checksum); chunks signed with a key cannot be, as no key signed them.
     */
    private VerifiedSignature anonymousPayload(Exchange exchange)
    {
        String timestamp = SignatureV4.AMZ_DATE.format(clock.instant());
        String declared = exchange.header("x-amz-content-sha256").map(String::strip).orElse(SignatureV4.UNSIGNED_PAYLOAD);
        PayloadMode mode = PayloadMode.of(declared);
        if (mode.signedChunks()) {
            throw S3ErrorCode.ACCESS_DENIED.exception("Signed aws-chunked bodies need a signed request.");
        }
        return new VerifiedSignature(ANONYMOUS, new CredentialScope(timestamp.substring(0, 8), "", "s3"), timestamp, "", new byte[0], declared, mode,
                false);
    }

    /** Who an unsigned request comes from: no user's project and no role, so that only an ACL granting AllUsers lets it in. */
    private static AuthContext anonymous()
    {
        Instant now = Instant.now();
        return new AuthContext(ANONYMOUS_USER, null, null, null, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, List.of(), List.of(), now, now, List.of(),
                Optional.empty(), Optional.empty(), "");
    }

    /**
     * What a V2 signature may name as the resource: the path the client sent, and the bucket's path without the
     * prefix ({@code /bucket/key}), which a client signs when it addresses the bucket by host name.
     */
    private static List<String> resourcePaths(Exchange exchange)
    {
        String sent = S3Request.clientPath(exchange);
        String path = exchange.rawPath();
        String bucketPath = path.startsWith(PATH_PREFIX + "/") ? path.substring(PATH_PREFIX.length()) : path.equals(PATH_PREFIX) ? "/" : path;
        return sent.equals(bucketPath) ? List.of(sent) : List.of(sent, bucketPath);
    }

    private static AuthContext authContext(S3Secret secret)
    {
        Instant now = Instant.now();
        List<AuthContext.Role> roles = secret.roles().stream().map(role -> new AuthContext.Role(role, role)).toList();
        return new AuthContext(secret.userId(), null, null, null, Optional.of(secret.projectId()), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, roles, List.of("ec2credential"), now, now, List.of(),
                Optional.empty(), Optional.empty(), "");
    }
}

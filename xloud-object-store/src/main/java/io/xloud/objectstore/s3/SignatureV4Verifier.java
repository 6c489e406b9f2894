package io.xloud.objectstore.s3;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Checks a request's AWS Signature Version 4, in the Authorization header or in a presigned URL's query,
 * against the secret of its access key. The body is not read here: what it must still prove is in the
 * {@link VerifiedSignature} (see {@link RequestPayload}).
 */
public final class SignatureV4Verifier
{
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    public static final long MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;
    public static final String SERVICE = "s3";

    private static final Logger LOG = LoggerFactory.getLogger(SignatureV4Verifier.class);
    private static final String SIGNATURE_PARAMETER = "X-Amz-Signature";

    private final S3Credentials credentials;
    private final Clock clock;
    private final String region;

    /** @param region the region this endpoint serves: a credential scope naming another is refused, as AWS does */
    public SignatureV4Verifier(S3Credentials credentials, Clock clock, String region)
    {
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.region = requireNonNull(region, "region is null");
    }

    public String region()
    {
        return region;
    }

    /** Whether the request carries SigV4 authentication of either kind; anonymous requests do not. */
    public static boolean isSigned(SignedRequest request)
    {
        return request.headers().first("Authorization").isPresent() || request.parameter("X-Amz-Algorithm").isPresent()
                || request.parameter("X-Amz-Credential").isPresent();
    }

    public VerifiedSignature verify(SignedRequest request)
    {
        Optional<String> authorization = request.headers().first("Authorization");
        boolean presigned = request.parameter("X-Amz-Algorithm").isPresent() || request.parameter("X-Amz-Credential").isPresent();
        if (authorization.isPresent() && presigned) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter "
                    + "or the Authorization header should be specified.");
        }
        if (presigned) {
            return verifyPresigned(request);
        }
        if (authorization.isEmpty()) {
            throw S3ErrorCode.ACCESS_DENIED.exception("Anonymous access is forbidden for this operation.");
        }
        return verifyHeader(request, authorization.get());
    }

    /**
     * Checks the signature of a browser POST upload's policy: the hex HMAC of the base64 policy under the signing
     * key of {@code credential}, whose date must be the day of {@code amzDate}. Expiry and conditions are the
     * policy's own ({@link PostPolicy}).
     *
     * @return the secret of the credential's access key
     */
    public S3Secret verifyPostPolicy(String algorithm, String credential, String amzDate, String policy, String signature)
    {
        if (!SignatureV4.ALGORITHM.equals(algorithm)) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("x-amz-algorithm must be " + SignatureV4.ALGORITHM + ".");
        }
        Credential parsed = parseCredential(credential, S3ErrorCode.INVALID_ARGUMENT);
        requireRegion(parsed, S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED, "The authorization header is malformed; ");
        try {
            SignatureV4.AMZ_DATE.parse(amzDate);
        }
        catch (java.time.format.DateTimeParseException e) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("x-amz-date must be in the ISO8601 basic format: yyyyMMdd'T'HHmmss'Z'.");
        }
        if (!amzDate.startsWith(parsed.scope().date())) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("Invalid credential date \"" + parsed.scope().date() + "\". This date is not the same as x-amz-date: \""
                    + amzDate.substring(0, 8) + "\".");
        }
        S3Secret secret = findSecret(parsed.accessKey());
        String expected = PostPolicy.signature(SignatureV4.signingKey(secret.secret(), parsed.scope()), policy);
        if (!SignatureV4.sameSignature(expected, signature.strip())) {
            LOG.debug("POST policy signature mismatch for access key {}", parsed.accessKey());
            throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception("The request signature we calculated does not match the signature you provided. "
                    + "Check your key and signing method.");
        }
        return secret;
    }

    // ---- Authorization header

    private VerifiedSignature verifyHeader(SignedRequest request, String authorization)
    {
        String value = authorization.strip();
        if (!value.startsWith(SignatureV4.ALGORITHM + " ")) {
            if (value.startsWith("AWS ")) {
                throw S3ErrorCode.INVALID_ARGUMENT.exception("Signature Version 2 is not supported; sign requests with AWS4-HMAC-SHA256.");
            }
            throw S3ErrorCode.INVALID_ARGUMENT.exception("Unsupported Authorization Type.");
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : value.substring(SignatureV4.ALGORITHM.length() + 1).split(",")) {
            String field = part.strip();
            int equals = field.indexOf('=');
            if (equals <= 0) {
                throw malformedHeader("the authorization header is malformed; expected Credential, SignedHeaders and Signature.");
            }
            fields.put(field.substring(0, equals), field.substring(equals + 1).strip());
        }
        String credential = fields.get("Credential");
        String signedHeadersField = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (credential == null || signedHeadersField == null || signature == null) {
            throw malformedHeader("the authorization header is malformed; expected Credential, SignedHeaders and Signature.");
        }
        Credential parsed = parseCredential(credential, S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
        requireRegion(parsed, S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED, "The authorization header is malformed; ");
        List<String> signedHeaders = parseSignedHeaders(signedHeadersField, S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED);

        String contentSha256 = request.headers().first("x-amz-content-sha256")
                .orElseThrow(() -> S3ErrorCode.INVALID_REQUEST.exception("Missing required header for this request: x-amz-content-sha256"))
                .strip();
        PayloadMode mode = PayloadMode.of(contentSha256);

        String timestamp = headerTimestamp(request.headers());
        if (!timestamp.startsWith(parsed.scope().date())) {
            throw malformedHeader("Invalid credential date \"" + parsed.scope().date() + "\". This date is not the same as X-Amz-Date: \""
                    + timestamp.substring(0, 8) + "\".");
        }
        S3Secret secret = findSecret(parsed.accessKey());
        Instant signedAt = Instant.from(SignatureV4.AMZ_DATE.parse(timestamp));
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
            throw S3ErrorCode.REQUEST_TIME_TOO_SKEWED.exception("The difference between the request time and the server's time is too large.");
        }
        byte[] key = SignatureV4.signingKey(secret.secret(), parsed.scope());
        String canonicalQuery = SignatureV4.canonicalQuery(request.parameters(), null);
        checkSignature(request, signedHeaders, canonicalQuery, contentSha256, timestamp, parsed.scope(), key, signature, secret.access());
        return new VerifiedSignature(secret, parsed.scope(), timestamp, signature.toLowerCase(Locale.ROOT), key, contentSha256, mode, false);
    }

    /** The request time: {@code x-amz-date}, or failing it {@code Date} (RFC 1123), as the string to sign carries it. */
    private static String headerTimestamp(RequestHeaders headers)
    {
        Optional<String> amzDate = headers.first("x-amz-date");
        if (amzDate.isPresent()) {
            String value = amzDate.get().strip();
            try {
                SignatureV4.AMZ_DATE.parse(value);
                return value;
            }
            catch (DateTimeParseException e) {
                throw S3ErrorCode.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header");
            }
        }
        Optional<String> date = headers.first("Date");
        if (date.isPresent()) {
            try {
                return SignatureV4.AMZ_DATE.format(ZonedDateTime.parse(date.get().strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
            }
            catch (DateTimeParseException e) {
                throw S3ErrorCode.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header");
            }
        }
        throw S3ErrorCode.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header");
    }

    // ---- presigned URL

    private VerifiedSignature verifyPresigned(SignedRequest request)
    {
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, String> parameter : request.parameters()) {
            query.putIfAbsent(parameter.getKey(), parameter.getValue());
        }
        String algorithm = query.get("X-Amz-Algorithm");
        String credential = query.get("X-Amz-Credential");
        String date = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        String signedHeadersField = query.get("X-Amz-SignedHeaders");
        String signature = query.get(SIGNATURE_PARAMETER);
        if (algorithm == null || credential == null || date == null || expires == null || signedHeadersField == null || signature == null) {
            throw malformedQuery("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
                    + "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        if (!algorithm.equals(SignatureV4.ALGORITHM)) {
            throw malformedQuery("X-Amz-Algorithm only supports \"" + SignatureV4.ALGORITHM + "\"");
        }
        Credential parsed = parseCredential(credential, S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        requireRegion(parsed, S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, "Error parsing the X-Amz-Credential parameter; ");
        List<String> signedHeaders = parseSignedHeaders(signedHeadersField, S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        Instant signedAt;
        try {
            signedAt = Instant.from(SignatureV4.AMZ_DATE.parse(date));
        }
        catch (DateTimeParseException e) {
            throw malformedQuery("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        if (!date.startsWith(parsed.scope().date())) {
            throw malformedQuery("Invalid credential date \"" + parsed.scope().date() + "\". This date is not the same as X-Amz-Date: \""
                    + date.substring(0, 8) + "\".");
        }
        long expiresSeconds;
        try {
            expiresSeconds = Long.parseLong(expires);
        }
        catch (NumberFormatException e) {
            throw malformedQuery("X-Amz-Expires should be a number");
        }
        if (expiresSeconds < 0) {
            throw malformedQuery("X-Amz-Expires must be non-negative");
        }
        if (expiresSeconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
            throw malformedQuery("X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        S3Secret secret = findSecret(parsed.accessKey());
        Instant now = clock.instant();
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw S3ErrorCode.ACCESS_DENIED.exception("Request is not valid yet");
        }
        if (now.isAfter(signedAt.plusSeconds(expiresSeconds))) {
            throw S3ErrorCode.ACCESS_DENIED.exception("Request has expired");
        }
        // a presigned URL signs no body unless it names the body's hash in its query
        String payloadHash = Optional.ofNullable(query.get("X-Amz-Content-Sha256")).orElse(SignatureV4.UNSIGNED_PAYLOAD);
        PayloadMode mode = PayloadMode.of(payloadHash);
        if (mode.chunked()) {
            throw malformedQuery("A presigned URL cannot carry an aws-chunked body.");
        }
        byte[] key = SignatureV4.signingKey(secret.secret(), parsed.scope());
        String canonicalQuery = SignatureV4.canonicalQuery(request.parameters(), SIGNATURE_PARAMETER);
        checkSignature(request, signedHeaders, canonicalQuery, payloadHash, date, parsed.scope(), key, signature, secret.access());
        return new VerifiedSignature(secret, parsed.scope(), date, signature.toLowerCase(Locale.ROOT), key, payloadHash, mode, true);
    }

    // ---- shared

    private static void checkSignature(SignedRequest request, List<String> signedHeaders, String canonicalQuery, String payloadHash,
            String timestamp, CredentialScope scope, byte[] key, String signature, String accessKey)
    {
        String canonicalHeaders = SignatureV4.canonicalHeaders(signedHeaders, request.headers());
        String canonicalUri = SignatureV4.canonicalUri(request.rawPath());
        if (matches(request, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash, timestamp, scope, key, signature)) {
            return;
        }
        // a client that escaped more (or fewer) characters on the wire than its canonical form did signs the path as sent
        String rawUri = request.rawPath().isEmpty() ? "/" : request.rawPath();
        if (!rawUri.equals(canonicalUri)
                && matches(request, rawUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash, timestamp, scope, key, signature)) {
            return;
        }
        // what the server signed, to set beside what the client signed, as AWS shows it; no secret is in it
        String canonicalRequest = SignatureV4.canonicalRequest(request.method(), canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders,
                payloadHash);
        String stringToSign = SignatureV4.stringToSign(timestamp, scope, canonicalRequest);
        LOG.debug("signature mismatch for {}; canonical request:\n{}", scope, canonicalRequest);
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("AWSAccessKeyId", accessKey);
        details.put("StringToSign", stringToSign);
        details.put("SignatureProvided", signature);
        details.put("StringToSignBytes", SignatureV2.bytes(stringToSign));
        details.put("CanonicalRequest", canonicalRequest);
        details.put("CanonicalRequestBytes", SignatureV2.bytes(canonicalRequest));
        throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception(
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.", details);
    }

    private static boolean matches(SignedRequest request, String canonicalUri, String canonicalQuery, String canonicalHeaders,
            List<String> signedHeaders, String payloadHash, String timestamp, CredentialScope scope, byte[] key, String signature)
    {
        String canonicalRequest = SignatureV4.canonicalRequest(request.method(), canonicalUri, canonicalQuery, canonicalHeaders,
                signedHeaders, payloadHash);
        String expected = SignatureV4.sign(key, SignatureV4.stringToSign(timestamp, scope, canonicalRequest));
        return SignatureV4.sameSignature(expected, signature);
    }

    private S3Secret findSecret(String accessKey)
    {
        return credentials.find(accessKey).orElseThrow(() ->
                S3ErrorCode.INVALID_ACCESS_KEY_ID.exception("The AWS Access Key Id you provided does not exist in our records."));
    }

    private record Credential(String accessKey, CredentialScope scope) {}

    private static Credential parseCredential(String credential, S3ErrorCode malformed)
    {
        String[] parts = credential.split("/", -1);
        if (parts.length < 5) {
            throw malformed.exception("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
                    + "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        int n = parts.length;
        String accessKey = String.join("/", java.util.Arrays.copyOf(parts, n - 4));
        String date = parts[n - 4];
        String region = parts[n - 3];
        String service = parts[n - 2];
        String terminator = parts[n - 1];
        if (accessKey.isEmpty() || date.length() != 8 || !date.chars().allMatch(Character::isDigit) || region.isEmpty()) {
            throw malformed.exception("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
                    + "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        if (!service.equals(SERVICE)) {
            throw malformed.exception("Error parsing the X-Amz-Credential parameter; incorrect service \"" + service + "\". This endpoint belongs to \"s3\".");
        }
        if (!terminator.equals(CredentialScope.TERMINATOR)) {
            throw malformed.exception("Error parsing the X-Amz-Credential parameter; incorrect terminal \"" + terminator
                    + "\". This endpoint uses \"aws4_request\".");
        }
        return new Credential(accessKey, new CredentialScope(date, region, service));
    }

    /** AWS's refusal of a scope for another region names the region to sign for, so that SDKs can retry there. */
    private void requireRegion(Credential parsed, S3ErrorCode code, String prefix)
    {
        String named = parsed.scope().region();
        if (!named.equals(region)) {
            throw code.exception(prefix + "the region '" + named + "' is wrong; expecting '" + region + "'", Map.of("Region", region));
        }
    }

    private static List<String> parseSignedHeaders(String field, S3ErrorCode malformed)
    {
        List<String> names = new ArrayList<>();
        for (String name : field.split(";", -1)) {
            if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
                throw malformed.exception("SignedHeaders must be a list of lowercase header names separated by ';'.");
            }
            names.add(name);
        }
        if (!names.contains("host")) {
            throw malformed.exception("SignedHeaders must include the host header.");
        }
        return names;
    }

    private static RuntimeException malformedHeader(String message)
    {
        return S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED.exception(message);
    }

    private static RuntimeException malformedQuery(String message)
    {
        return S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR.exception(message);
    }
}

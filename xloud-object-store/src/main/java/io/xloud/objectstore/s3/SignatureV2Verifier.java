package io.xloud.objectstore.s3;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Checks a request's AWS Signature Version 2: {@code Authorization: AWS AccessKey:Signature}, or a presigned URL's
 * {@code AWSAccessKeyId}, {@code Expires} and {@code Signature}. Such a request signs no body: what Content-MD5
 * it names is still checked as the body streams.
 */
public final class SignatureV2Verifier
{
    public static final String ACCESS_KEY_PARAMETER = "AWSAccessKeyId";
    public static final String SIGNATURE_PARAMETER = "Signature";
    public static final String EXPIRES_PARAMETER = "Expires";

    private static final Logger LOG = LoggerFactory.getLogger(SignatureV2Verifier.class);
    private static final String MISMATCH = "The request signature we calculated does not match the signature you provided. "
            + "Check your key and signing method.";

    private final S3Credentials credentials;
    private final Clock clock;

    public SignatureV2Verifier(S3Credentials credentials, Clock clock)
    {
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Whether a request is signed with V2: an {@code AWS } Authorization header or V2 presigned parameters. */
    public static boolean applies(SignedRequest request)
    {
        Optional<String> authorization = request.headers().first("Authorization");
        if (authorization.isPresent()) {
            return authorization.get().strip().startsWith("AWS ");
        }
        return hasParameter(request, ACCESS_KEY_PARAMETER)
                || (hasParameter(request, SIGNATURE_PARAMETER) && !hasParameter(request, "X-Amz-Algorithm"));
    }

    /**
     * @param headerNames the names of the request's headers, for its {@code x-amz-*} ones
     * @param resourcePaths the raw paths the client may have signed, the first the one it addressed
     */
    public VerifiedSignature verify(SignedRequest request, Collection<String> headerNames, List<String> resourcePaths)
    {
        requireNonNull(request, "request is null");
        if (resourcePaths.isEmpty()) {
            throw new IllegalArgumentException("no resource path");
        }
        Optional<String> authorization = request.headers().first("Authorization");
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : request.parameters()) {
            query.putIfAbsent(parameter.getKey(), parameter.getValue());
        }
        boolean presigned = query.containsKey(ACCESS_KEY_PARAMETER) || query.containsKey(SIGNATURE_PARAMETER);
        if (authorization.isPresent() && presigned) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
                    + "Signature query string parameter or the Authorization header should be specified");
        }
        return presigned ? verifyPresigned(request, headerNames, resourcePaths, query)
                : verifyHeader(request, headerNames, resourcePaths, authorization.orElseThrow());
    }

    private VerifiedSignature verifyHeader(SignedRequest request, Collection<String> headerNames, List<String> resourcePaths, String authorization)
    {
        String credential = authorization.strip().substring("AWS ".length()).strip();
        int colon = credential.lastIndexOf(':');
        if (colon <= 0 || colon == credential.length() - 1) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("AWS authorization header is invalid.  Expected AwsAccessKeyId:signature",
                    Map.of("ArgumentName", "Authorization", "ArgumentValue", authorization));
        }
        String accessKey = credential.substring(0, colon);
        String signature = credential.substring(colon + 1);
        Optional<String> amzDate = request.headers().first("x-amz-date");
        Optional<String> date = request.headers().first("Date");
        Instant signedAt = parseDate(amzDate.or(() -> date).orElse(""))
                .orElseThrow(() -> S3ErrorCode.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header"));
        S3Secret secret = findSecret(accessKey);
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(SignatureV4Verifier.MAX_SKEW) > 0) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("RequestTime", amzDate.or(() -> date).orElse(""));
            details.put("ServerTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
            details.put("MaxAllowedSkewMilliseconds", Long.toString(SignatureV4Verifier.MAX_SKEW.toMillis()));
            throw S3ErrorCode.REQUEST_TIME_TOO_SKEWED.exception("The difference between the request time and the current time is too large.", details);
        }
        // with x-amz-date the Date line is empty, as AWS has it; some clients sign the Date header there all the same
        List<String> dates = new ArrayList<>();
        dates.add(amzDate.isPresent() ? "" : date.orElse(""));
        if (amzDate.isPresent() && date.isPresent()) {
            dates.add(date.get());
        }
        checkSignature(request, headerNames, resourcePaths, dates, secret, signature);
        return VerifiedSignature.signatureV2(secret, SignatureV4.AMZ_DATE.format(signedAt), signature, false);
    }

    private VerifiedSignature verifyPresigned(SignedRequest request, Collection<String> headerNames, List<String> resourcePaths,
            Map<String, String> query)
    {
        String accessKey = query.get(ACCESS_KEY_PARAMETER);
        String signature = query.get(SIGNATURE_PARAMETER);
        String expires = query.get(EXPIRES_PARAMETER);
        if (accessKey == null || signature == null || expires == null || accessKey.isEmpty() || signature.isEmpty()) {
            throw S3ErrorCode.ACCESS_DENIED.exception("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires.strip());
        }
        catch (NumberFormatException e) {
            throw S3ErrorCode.ACCESS_DENIED.exception("Invalid date (should be seconds since epoch): " + expires);
        }
        S3Secret secret = findSecret(accessKey);
        Instant now = clock.instant();
        if (now.getEpochSecond() > expiresAt) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("Expires", Instant.ofEpochSecond(Math.max(expiresAt, 0)).toString());
            details.put("ServerTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
            throw S3ErrorCode.ACCESS_DENIED.exception("Request has expired", details);
        }
        // a '+' of a signature sent unescaped reads as a space
        checkSignature(request, headerNames, resourcePaths, List.of(expires), secret, signature.replace(' ', '+'));
        return VerifiedSignature.signatureV2(secret, SignatureV4.AMZ_DATE.format(now), signature, true);
    }

    private static void checkSignature(SignedRequest request, Collection<String> headerNames, List<String> resourcePaths, List<String> dates,
            S3Secret secret, String signature)
    {
        String contentMd5 = request.headers().first("Content-MD5").orElse("");
        String contentType = request.headers().first("Content-Type").orElse("");
        Map<String, List<String>> amzHeaders = SignatureV2.amzHeaders(headerNames, request.headers());
        String first = null;
        for (String path : resourcePaths) {
            String resource = SignatureV2.canonicalResource(path, request.rawQuery());
            for (String date : dates) {
                String stringToSign = SignatureV2.stringToSign(request.method(), contentMd5, contentType, date, amzHeaders, resource);
                if (first == null) {
                    first = stringToSign;
                }
                if (SignatureV2.sameSignature(SignatureV2.sign(secret.secret(), stringToSign), signature.strip())) {
                    return;
                }
            }
        }
        LOG.debug("V2 signature mismatch for access key {}; string to sign:\n{}", secret.access(), first);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("AWSAccessKeyId", secret.access());
        details.put("StringToSign", first);
        details.put("SignatureProvided", signature);
        details.put("StringToSignBytes", SignatureV2.bytes(first));
        throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception(MISMATCH, details);
    }

    /**
     * Checks the V2 signature of a browser POST upload's policy: the base64 HMAC-SHA1 of the base64 policy.
     *
     * @return the secret of the access key
     */
    public S3Secret verifyPostPolicy(String accessKey, String policy, String signature)
    {
        S3Secret secret = findSecret(accessKey.strip());
        String stringToSign = policy.strip();
        if (!SignatureV2.sameSignature(SignatureV2.sign(secret.secret(), stringToSign), signature.strip())) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("AWSAccessKeyId", secret.access());
            details.put("StringToSign", stringToSign);
            details.put("SignatureProvided", signature.strip());
            details.put("StringToSignBytes", SignatureV2.bytes(stringToSign));
            throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception(MISMATCH, details);
        }
        return secret;
    }

    /** An RFC 1123 date (what Date and V2's x-amz-date carry), or SigV4's basic ISO form. */
    private static Optional<Instant> parseDate(String value)
    {
        String text = value.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        }
        catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.from(SignatureV4.AMZ_DATE.parse(text)));
            }
            catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    private S3Secret findSecret(String accessKey)
    {
        return credentials.find(accessKey).orElseThrow(() ->
                S3ErrorCode.INVALID_ACCESS_KEY_ID.exception("The AWS Access Key Id you provided does not exist in our records.",
                        Map.of("AWSAccessKeyId", accessKey)));
    }

    private static boolean hasParameter(SignedRequest request, String name)
    {
        return request.parameter(name).isPresent();
    }
}

package io.xloud.objectstore.s3;

import io.xloud.core.error.ApiException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 examples of the AWS documentation (examplebucket, 20130524T000000Z), then every way a signature fails. */
class SignatureV4VerifierTest
{
    static final String ACCESS = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Instant SIGNED_AT = Instant.parse("2013-05-24T00:00:00Z");
    static final S3Credentials CREDENTIALS = access -> access.equals(ACCESS)
            ? Optional.of(new S3Secret(ACCESS, SECRET, "user-1", "project-1", List.of("member")))
            : Optional.empty();

    private static SignatureV4Verifier verifierAt(Instant now)
    {
        return new SignatureV4Verifier(CREDENTIALS, Clock.fixed(now, ZoneOffset.UTC), "us-east-1");
    }

    private static final SignatureV4Verifier VERIFIER = verifierAt(SIGNED_AT);

    private static SignedRequest getObjectExample(String signature)
    {
        return new SignedRequest("GET", "/test.txt", "", RequestHeaders.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=" + signature,
                "Range", "bytes=0-9",
                "x-amz-content-sha256", SignatureV4.EMPTY_SHA256,
                "x-amz-date", "20130524T000000Z"));
    }

    private static final String GET_OBJECT_SIGNATURE = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";

    @Test
    void verifiesTheGetObjectExample()
    {
        VerifiedSignature verified = VERIFIER.verify(getObjectExample(GET_OBJECT_SIGNATURE));

        assertThat(verified.secret().userId()).isEqualTo("user-1");
        assertThat(verified.scope()).isEqualTo(new CredentialScope("20130524", "us-east-1", "s3"));
        assertThat(verified.payloadMode()).isEqualTo(PayloadMode.SIGNED);
        assertThat(verified.presigned()).isFalse();
    }

    @Test
    void verifiesThePutObjectExampleWhetherOrNotTheClientEscapedTheDollar()
    {
        for (String path : List.of("/test%24file.text", "/test$file.text")) {
            SignedRequest request = new SignedRequest("PUT", path, "", RequestHeaders.of(
                    "Host", "examplebucket.s3.amazonaws.com",
                    "Date", "Fri, 24 May 2013 00:00:00 GMT",
                    "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                            + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
                            + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
                    "x-amz-date", "20130524T000000Z",
                    "x-amz-storage-class", "REDUCED_REDUNDANCY",
                    "x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"));

            assertThat(VERIFIER.verify(request).payloadHash()).isEqualTo("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        }
    }

    @Test
    void verifiesTheBucketLifecycleAndListObjectsExamples()
    {
        SignedRequest lifecycle = new SignedRequest("GET", "/", "lifecycle", RequestHeaders.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                        + "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
                "x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", SignatureV4.EMPTY_SHA256));
        SignedRequest list = new SignedRequest("GET", "/", "max-keys=2&prefix=J", RequestHeaders.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                        + "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
                "x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", SignatureV4.EMPTY_SHA256));

        assertThat(VERIFIER.verify(lifecycle).secret().access()).isEqualTo(ACCESS);
        assertThat(VERIFIER.verify(list).secret().access()).isEqualTo(ACCESS);
    }

    private static SignedRequest presignedExample(String expires, String signature)
    {
        return new SignedRequest("GET", "/test.txt",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                        + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=" + expires + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + signature,
                RequestHeaders.of("Host", "examplebucket.s3.amazonaws.com"));
    }

    private static final String PRESIGNED_SIGNATURE = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

    @Test
    void verifiesThePresignedUrlExampleUntilItExpires()
    {
        VerifiedSignature verified = verifierAt(SIGNED_AT.plus(Duration.ofHours(23))).verify(presignedExample("86400", PRESIGNED_SIGNATURE));

        assertThat(verified.presigned()).isTrue();
        assertThat(verified.payloadMode()).isEqualTo(PayloadMode.UNSIGNED);
        assertCode(() -> verifierAt(SIGNED_AT.plus(Duration.ofHours(24)).plusSeconds(1)).verify(presignedExample("86400", PRESIGNED_SIGNATURE)),
                S3ErrorCode.ACCESS_DENIED, "Request has expired");
    }

    @Test
    void readsPresignedParametersByTheirDecodedNames()
    {
        // a client may percent-encode any character of a name; the canonical query re-encodes the decoded one
        SignedRequest example = presignedExample("86400", PRESIGNED_SIGNATURE);
        SignedRequest encodedNames = new SignedRequest(example.method(), example.rawPath(),
                example.rawQuery().replace("X-Amz-Algorithm=", "X%2DAmz%2DAlgorithm=").replace("X-Amz-Credential=", "X-Amz%2DCredential="), example.headers());

        VerifiedSignature verified = verifierAt(SIGNED_AT.plus(Duration.ofHours(1))).verify(encodedNames);

        assertThat(SignatureV4Verifier.isSigned(encodedNames)).isTrue();
        assertThat(verified.presigned()).isTrue();
        assertThat(verified.secret().access()).isEqualTo(ACCESS);
    }

    @Test
    void refusesPresignedUrlsValidForMoreThanAWeekOrNotYetValid()
    {
        assertCode(() -> VERIFIER.verify(presignedExample("604801", PRESIGNED_SIGNATURE)), S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                "604800");
        assertCode(() -> VERIFIER.verify(presignedExample("soon", PRESIGNED_SIGNATURE)), S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                "number");
        assertCode(() -> verifierAt(SIGNED_AT.minus(Duration.ofMinutes(16))).verify(presignedExample("86400", PRESIGNED_SIGNATURE)),
                S3ErrorCode.ACCESS_DENIED, "not valid yet");
    }

    @Test
    void refusesPresignedUrlsMissingAParameterOrWithAnAlteredOne()
    {
        SignedRequest missing = new SignedRequest("GET", "/test.txt", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=" + PRESIGNED_SIGNATURE,
                RequestHeaders.of("Host", "examplebucket.s3.amazonaws.com"));
        SignedRequest otherObject = new SignedRequest("GET", "/secret.txt", presignedExample("86400", PRESIGNED_SIGNATURE).rawQuery(),
                RequestHeaders.of("Host", "examplebucket.s3.amazonaws.com"));

        assertCode(() -> VERIFIER.verify(missing), S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, "requires");
        assertCode(() -> VERIFIER.verify(otherObject), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "does not match");
        assertCode(() -> VERIFIER.verify(presignedExample("86399", PRESIGNED_SIGNATURE)), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "does not match");
    }

    @Test
    void refusesABadSignature()
    {
        assertCode(() -> VERIFIER.verify(getObjectExample(GET_OBJECT_SIGNATURE.replace('f', 'e'))), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                "does not match");
    }

    @Test
    void refusesASignedHeaderChangedInTransit()
    {
        SignedRequest example = getObjectExample(GET_OBJECT_SIGNATURE);
        SignedRequest otherRange = new SignedRequest("GET", "/test.txt", "", name -> name.equalsIgnoreCase("Range")
                ? List.of("bytes=0-99") : example.headers().values(name));

        assertCode(() -> VERIFIER.verify(otherRange), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "does not match");
    }

    @Test
    void refusesAnUnknownAccessKey()
    {
        SignedRequest request = new SignedRequest("GET", "/test.txt", "", RequestHeaders.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=" + GET_OBJECT_SIGNATURE,
                "x-amz-content-sha256", SignatureV4.EMPTY_SHA256,
                "x-amz-date", "20130524T000000Z"));

        assertCode(() -> VERIFIER.verify(request), S3ErrorCode.INVALID_ACCESS_KEY_ID, "does not exist");
    }

    @Test
    void refusesAClockSkewedByMoreThanFifteenMinutesEitherWay()
    {
        assertThat(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(15))).verify(getObjectExample(GET_OBJECT_SIGNATURE))).isNotNull();
        assertCode(() -> verifierAt(SIGNED_AT.plus(Duration.ofMinutes(16))).verify(getObjectExample(GET_OBJECT_SIGNATURE)),
                S3ErrorCode.REQUEST_TIME_TOO_SKEWED, "too large");
        assertCode(() -> verifierAt(SIGNED_AT.minus(Duration.ofMinutes(16))).verify(getObjectExample(GET_OBJECT_SIGNATURE)),
                S3ErrorCode.REQUEST_TIME_TOO_SKEWED, "too large");
    }

    @Test
    void refusesAScopeForAnotherRegionNamingOurs()
    {
        SignatureV4Verifier elsewhere = new SignatureV4Verifier(CREDENTIALS, Clock.fixed(SIGNED_AT, ZoneOffset.UTC), "RegionOne");

        assertThatThrownBy(() -> elsewhere.verify(getObjectExample(GET_OBJECT_SIGNATURE)))
                .isInstanceOfSatisfying(io.xloud.core.error.ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
                    assertThat(e.getMessage()).isEqualTo("The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'RegionOne'");
                    assertThat(e.details()).containsEntry("Region", "RegionOne");
                });
    }

    @Test
    void refusesMalformedAuthorizationHeaders()
    {
        Map<String, S3ErrorCode> cases = Map.of(
                "AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", S3ErrorCode.INVALID_ARGUMENT,
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request", S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/ec2/aws4_request,SignedHeaders=host;x-amz-date,Signature=00",
                S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130525/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-date,Signature=00",
                S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=x-amz-date,Signature=00",
                S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
                "AWS4-HMAC-SHA256 garbage", S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
        cases.forEach((authorization, code) -> {
            SignedRequest request = new SignedRequest("GET", "/", "", RequestHeaders.of(
                    "Host", "examplebucket.s3.amazonaws.com",
                    "Authorization", authorization,
                    "x-amz-content-sha256", SignatureV4.EMPTY_SHA256,
                    "x-amz-date", "20130524T000000Z"));
            assertCode(() -> VERIFIER.verify(request), code, "");
        });
    }

    @Test
    void refusesARequestWithoutPayloadHashOrDateOrWithBothMechanisms()
    {
        SignedRequest noHash = new SignedRequest("GET", "/test.txt", "", RequestHeaders.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=host;x-amz-date,Signature=" + GET_OBJECT_SIGNATURE,
                "x-amz-date", "20130524T000000Z"));
        SignedRequest badHash = new SignedRequest("GET", "/test.txt", "", RequestHeaders.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=host;x-amz-date,Signature=" + GET_OBJECT_SIGNATURE,
                "x-amz-content-sha256", "not-a-hash",
                "x-amz-date", "20130524T000000Z"));
        SignedRequest noDate = new SignedRequest("GET", "/test.txt", "", RequestHeaders.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=host,Signature=" + GET_OBJECT_SIGNATURE,
                "x-amz-content-sha256", SignatureV4.EMPTY_SHA256));
        SignedRequest both = new SignedRequest("GET", "/test.txt", presignedExample("86400", PRESIGNED_SIGNATURE).rawQuery(),
                getObjectExample(GET_OBJECT_SIGNATURE).headers());

        assertCode(() -> VERIFIER.verify(noHash), S3ErrorCode.INVALID_REQUEST, "x-amz-content-sha256");
        assertCode(() -> VERIFIER.verify(badHash), S3ErrorCode.INVALID_ARGUMENT, "x-amz-content-sha256");
        assertCode(() -> VERIFIER.verify(noDate), S3ErrorCode.ACCESS_DENIED, "Date");
        assertCode(() -> VERIFIER.verify(both), S3ErrorCode.INVALID_ARGUMENT, "Only one auth mechanism");
    }

    @Test
    void refusesAnonymousRequests()
    {
        SignedRequest anonymous = new SignedRequest("GET", "/test.txt", "", RequestHeaders.of("Host", "examplebucket.s3.amazonaws.com"));

        assertThat(SignatureV4Verifier.isSigned(anonymous)).isFalse();
        assertCode(() -> VERIFIER.verify(anonymous), S3ErrorCode.ACCESS_DENIED, "Anonymous");
    }

    static void assertCode(ThrowingCallable call, S3ErrorCode code, String messagePart)
    {
        assertThatThrownBy(call)
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }
}

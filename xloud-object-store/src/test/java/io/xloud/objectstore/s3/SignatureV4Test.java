package io.xloud.objectstore.s3;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS Signature Version 4 test suite (service "service", 20150830T123600Z), for the cases that apply
 * to S3: S3 neither normalizes dot segments nor encodes a path twice, so those cases are not here.
 */
class SignatureV4Test
{
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String TIMESTAMP = "20150830T123600Z";
    private static final CredentialScope SCOPE = new CredentialScope("20150830", "us-east-1", "service");

    static Stream<Arguments> suite()
    {
        String host = "example.amazonaws.com";
        return Stream.of(
                Arguments.of("get-vanilla", "GET", "/", "",
                        RequestHeaders.of("Host", host, "X-Amz-Date", TIMESTAMP), List.of("host", "x-amz-date"),
                        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SignatureV4.EMPTY_SHA256,
                        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
                Arguments.of("get-vanilla-empty-query-key", "GET", "/", "Param1=value1",
                        RequestHeaders.of("Host", host, "X-Amz-Date", TIMESTAMP), List.of("host", "x-amz-date"),
                        "GET\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SignatureV4.EMPTY_SHA256,
                        "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
                Arguments.of("get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1",
                        RequestHeaders.of("Host", host, "X-Amz-Date", TIMESTAMP), List.of("host", "x-amz-date"),
                        "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                                + SignatureV4.EMPTY_SHA256,
                        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
                Arguments.of("get-vanilla-query-order-key", "GET", "/", "Param1=value2&Param1=Value1",
                        RequestHeaders.of("Host", host, "X-Amz-Date", TIMESTAMP), List.of("host", "x-amz-date"),
                        "GET\n/\nParam1=Value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                                + SignatureV4.EMPTY_SHA256,
                        "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"),
                Arguments.of("get-vanilla-query-order-value", "GET", "/", "Param1=value2&Param1=value1",
                        RequestHeaders.of("Host", host, "X-Amz-Date", TIMESTAMP), List.of("host", "x-amz-date"),
                        "GET\n/\nParam1=value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                                + SignatureV4.EMPTY_SHA256,
                        "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
                Arguments.of("get-vanilla-query-unreserved", "GET", "/",
                        "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                        RequestHeaders.of("Host", host, "X-Amz-Date", TIMESTAMP), List.of("host", "x-amz-date"),
                        "GET\n/\n-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n"
                                + "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SignatureV4.EMPTY_SHA256,
                        "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
                Arguments.of("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "",
                        RequestHeaders.of("Host", host, "X-Amz-Date", TIMESTAMP), List.of("host", "x-amz-date"),
                        "GET\n/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n\nhost:example.amazonaws.com\n"
                                + "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SignatureV4.EMPTY_SHA256,
                        "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
                Arguments.of("get-utf8", "GET", "/%E1%88%B4", "",
                        RequestHeaders.of("Host", host, "X-Amz-Date", TIMESTAMP), List.of("host", "x-amz-date"),
                        "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SignatureV4.EMPTY_SHA256,
                        "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
                Arguments.of("get-vanilla-utf8-query", "GET", "/", "%E1%88%B4=bar",
                        RequestHeaders.of("Host", host, "X-Amz-Date", TIMESTAMP), List.of("host", "x-amz-date"),
                        "GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SignatureV4.EMPTY_SHA256,
                        "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
                Arguments.of("get-header-key-duplicate", "GET", "/", "",
                        RequestHeaders.of("Host", host, "My-Header1", "value2", "My-Header1", "value2", "My-Header1", "value1", "X-Amz-Date", TIMESTAMP),
                        List.of("host", "my-header1", "x-amz-date"),
                        "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\n"
                                + "host;my-header1;x-amz-date\n" + SignatureV4.EMPTY_SHA256,
                        "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
                Arguments.of("get-header-value-order", "GET", "/", "",
                        RequestHeaders.of("Host", host, "My-Header1", "value4", "My-Header1", "value1", "My-Header1", "value3", "My-Header1", "value2",
                                "X-Amz-Date", TIMESTAMP),
                        List.of("host", "my-header1", "x-amz-date"),
                        "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\nx-amz-date:20150830T123600Z\n\n"
                                + "host;my-header1;x-amz-date\n" + SignatureV4.EMPTY_SHA256,
                        "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
                Arguments.of("get-header-value-trim", "GET", "/", "",
                        RequestHeaders.of("Host", host, "My-Header1", " value1", "My-Header2", " \"a   b   c\"", "X-Amz-Date", TIMESTAMP),
                        List.of("host", "my-header1", "my-header2", "x-amz-date"),
                        "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\n"
                                + "host;my-header1;my-header2;x-amz-date\n" + SignatureV4.EMPTY_SHA256,
                        "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
                Arguments.of("post-vanilla-query", "POST", "/", "Param1=value1",
                        RequestHeaders.of("Host", host, "X-Amz-Date", TIMESTAMP), List.of("host", "x-amz-date"),
                        "POST\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SignatureV4.EMPTY_SHA256,
                        "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
                Arguments.of("post-header-value-case", "POST", "/", "",
                        RequestHeaders.of("Host", host, "My-Header1", "VALUE1", "X-Amz-Date", TIMESTAMP), List.of("host", "my-header1", "x-amz-date"),
                        "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n"
                                + SignatureV4.EMPTY_SHA256,
                        "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suite")
    void signsTheTestSuiteVector(String name, String method, String rawPath, String rawQuery, RequestHeaders headers, List<String> signedHeaders,
            String canonicalRequest, String signature)
    {
        String computed = SignatureV4.canonicalRequest(method, SignatureV4.canonicalUri(rawPath), SignatureV4.canonicalQuery(rawQuery, null),
                SignatureV4.canonicalHeaders(signedHeaders, headers), signedHeaders, SignatureV4.EMPTY_SHA256);

        assertThat(computed).isEqualTo(canonicalRequest);
        assertThat(SignatureV4.sign(SignatureV4.signingKey(SECRET, SCOPE), SignatureV4.stringToSign(TIMESTAMP, SCOPE, computed)))
                .isEqualTo(signature);
    }

    @Test
    void aSigningKeyIsDerivedForItsOwnSecretAndScopeWhateverWasDerivedBefore()
    {
        // AWS's example of a derived key
        CredentialScope iam = new CredentialScope("20150830", "us-east-1", "iam");
        String expected = "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9";
        byte[] first = SignatureV4.signingKey(SECRET, iam);
        assertThat(HexFormat.of().formatHex(first)).isEqualTo(expected);

        // a caller that changes its copy changes no later caller's
        first[0] ^= 1;
        assertThat(HexFormat.of().formatHex(SignatureV4.signingKey(SECRET, iam))).isEqualTo(expected);
        // another secret, day, region or service derives another key
        assertThat(SignatureV4.signingKey("another" + SECRET, iam)).isNotEqualTo(SignatureV4.signingKey(SECRET, iam));
        assertThat(SignatureV4.signingKey(SECRET, new CredentialScope("20150831", "us-east-1", "iam"))).isNotEqualTo(SignatureV4.signingKey(SECRET, iam));
        assertThat(SignatureV4.signingKey(SECRET, new CredentialScope("20150830", "eu-west-1", "iam"))).isNotEqualTo(SignatureV4.signingKey(SECRET, iam));
        assertThat(SignatureV4.signingKey(SECRET, new CredentialScope("20150830", "us-east-1", "s3"))).isNotEqualTo(SignatureV4.signingKey(SECRET, iam));
    }

    @Test
    void canonicalUriEncodesEachByteOnceWhateverTheClientEscaped()
    {
        assertThat(SignatureV4.canonicalUri("/test$file.text")).isEqualTo("/test%24file.text");
        assertThat(SignatureV4.canonicalUri("/test%24file.text")).isEqualTo("/test%24file.text");
        assertThat(SignatureV4.canonicalUri("/b/a%20b+c%2Bd")).isEqualTo("/b/a%20b%2Bc%2Bd");
        assertThat(SignatureV4.canonicalUri("/b/%25%2541")).isEqualTo("/b/%25%2541");
        assertThat(SignatureV4.canonicalUri("/b//x/../y/./z/")).isEqualTo("/b//x/../y/./z/");
        assertThat(SignatureV4.canonicalUri("/b/%e2%82%ac")).isEqualTo("/b/%E2%82%AC");
        assertThat(SignatureV4.canonicalUri("")).isEqualTo("/");
    }

    @Test
    void canonicalQueryDecodesPlusAsSpaceAndEncodesSlashes()
    {
        assertThat(SignatureV4.canonicalQuery("prefix=a+b%2Fc&delimiter=%2F&list-type=2&uploads", null))
                .isEqualTo("delimiter=%2F&list-type=2&prefix=a%20b%2Fc&uploads=");
        assertThat(SignatureV4.canonicalQuery("X-Amz-Signature=abc&a=1", "X-Amz-Signature")).isEqualTo("a=1");
    }

    @Test
    void uriEncodeKeepsOnlyUnreservedCharacters()
    {
        assertThat(SignatureV4.uriEncode("a b/c~d*é".getBytes(StandardCharsets.UTF_8), false)).isEqualTo("a%20b%2Fc~d%2A%C3%A9");
        assertThat(SignatureV4.uriEncode("a b/c".getBytes(StandardCharsets.UTF_8), true)).isEqualTo("a%20b/c");
    }
}

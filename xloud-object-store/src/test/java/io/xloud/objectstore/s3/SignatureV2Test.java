package io.xloud.objectstore.s3;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** AWS's published Signature Version 2 examples (Amazon S3 developer guide, "Signing and authenticating REST requests"). */
class SignatureV2Test
{
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void signsAwsObjectGetExample()
    {
        String stringToSign = SignatureV2.stringToSign("GET", "", "", "Tue, 27 Mar 2007 19:36:42 +0000", Map.of(),
                SignatureV2.canonicalResource("/johnsmith/photos/puppy.jpg", ""));

        assertThat(stringToSign).isEqualTo("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg");
        assertThat(SignatureV2.sign(SECRET, stringToSign)).isEqualTo("bWq2s1WEIj+Ydj0vQ697zp+IXMU=");
    }

    @Test
    void signsAwsObjectPutExample()
    {
        String stringToSign = SignatureV2.stringToSign("PUT", "", "image/jpeg", "Tue, 27 Mar 2007 21:15:45 +0000", Map.of(),
                "/johnsmith/photos/puppy.jpg");

        assertThat(SignatureV2.sign(SECRET, stringToSign)).isEqualTo("MyyxeRY7whkBe+bq8fHCL/2kKUg=");
    }

    @Test
    void signsAwsQueryStringExample()
    {
        String stringToSign = SignatureV2.stringToSign("GET", "", "", "1175139620", Map.of(), "/johnsmith/photos/puppy.jpg");

        assertThat(SignatureV2.sign(SECRET, stringToSign)).isEqualTo("NpgCjnDzrM+WFzoENXmpNDUsSn8=");
    }

    @Test
    void amzHeadersAreSortedLowercasedAndTheirValuesJoined()
    {
        String stringToSign = SignatureV2.stringToSign("PUT", "c8fdb181845a4ca6b8fec737b3581d76", "text/html", "", Map.of(
                        "x-amz-meta-reviewedby", List.of("joe@johnsmith.net", " jane@johnsmith.net "),
                        "x-amz-date", List.of("Thu, 17 Nov 2005 18:49:58 GMT"),
                        "x-amz-magic", List.of("abracadabra")),
                "/quotes/nelson");

        assertThat(stringToSign).isEqualTo("PUT\nc8fdb181845a4ca6b8fec737b3581d76\ntext/html\n\n"
                + "x-amz-date:Thu, 17 Nov 2005 18:49:58 GMT\nx-amz-magic:abracadabra\n"
                + "x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n/quotes/nelson");
    }

    @Test
    void canonicalResourceKeepsOnlySubResourcesSortedWithDecodedValues()
    {
        assertThat(SignatureV2.canonicalResource("/b/k%20x", "uploadId=abc&partNumber=2&max-keys=3&AWSAccessKeyId=AK&Signature=x"))
                .isEqualTo("/b/k%20x?partNumber=2&uploadId=abc");
        assertThat(SignatureV2.canonicalResource("/b", "acl")).isEqualTo("/b?acl");
        assertThat(SignatureV2.canonicalResource("/b/k", "response-content-type=text%2Fplain&versionId=")).isEqualTo("/b/k?response-content-type=text/plain&versionId=");
        assertThat(SignatureV2.canonicalResource("", "")).isEqualTo("/");
    }

    @Test
    void stringToSignBytesAreSpacedHex()
    {
        assertThat(SignatureV2.bytes("GET\n")).isEqualTo("47 45 54 0a");
    }
}

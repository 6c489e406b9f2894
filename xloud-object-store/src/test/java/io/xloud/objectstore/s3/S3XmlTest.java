package io.xloud.objectstore.s3;

import io.xloud.core.error.CoreErrorCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static io.xloud.objectstore.s3.SignatureV4VerifierTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

class S3XmlTest
{
    private static InputStream xml(String text)
    {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesAnErrorDocument()
    {
        byte[] body = S3ErrorBody.render(S3ErrorCode.NO_SUCH_KEY, "The specified key does not exist.", "/bucket/a&b<c>", "req-1", Map.of("Key", "a&b<c>"));

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a&amp;b&lt;c&gt;</Key>"
                + "<Resource>/bucket/a&amp;b&lt;c&gt;</Resource><RequestId>req-1</RequestId></Error>");
    }

    @Test
    void streamsElementsAndEscapesWhatXmlCannotCarry()
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XmlWriter xml = new XmlWriter(out)) {
            xml.root("ListBucketResult").element("Name", "b").start("Contents").element("Key", "a\u0001\r\"'é").element("Size", 5L);
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name>"
                + "<Contents><Key>a&#x1;&#xD;\"'é</Key><Size>5</Size></Contents></ListBucketResult>");
    }

    @Test
    void mapsKernelErrorsToS3Codes()
    {
        assertThat(S3ErrorCode.of(CoreErrorCode.NOT_FOUND)).isEqualTo(S3ErrorCode.NO_SUCH_KEY);
        assertThat(S3ErrorCode.of(CoreErrorCode.METHOD_NOT_ALLOWED)).isEqualTo(S3ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(S3ErrorCode.of(CoreErrorCode.PAYLOAD_TOO_LARGE)).isEqualTo(S3ErrorCode.ENTITY_TOO_LARGE);
        assertThat(S3ErrorCode.of(CoreErrorCode.TOO_MANY_REQUESTS)).isEqualTo(S3ErrorCode.SLOW_DOWN);
        assertThat(S3ErrorCode.of(CoreErrorCode.UNAUTHORIZED).status()).isEqualTo(403);
        assertThat(S3ErrorCode.of(S3ErrorCode.BAD_DIGEST)).isEqualTo(S3ErrorCode.BAD_DIGEST);
    }

    @Test
    void readsDeleteObjects()
    {
        DeleteObjectsRequest request = DeleteObjectsRequest.parse(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Quiet>true</Quiet>
                  <Object><Key> spaced key </Key></Object>
                  <Object><Key>a&amp;b</Key><VersionId>v1</VersionId></Object>
                </Delete>"""));

        assertThat(request.quiet()).isTrue();
        assertThat(request.objects()).containsExactly(
                new DeleteObjectsRequest.ObjectToDelete(" spaced key ", Optional.empty()),
                new DeleteObjectsRequest.ObjectToDelete("a&b", Optional.of("v1")));
    }

    @Test
    void readsCompleteMultipartUpload()
    {
        CompleteMultipartUploadRequest request = CompleteMultipartUploadRequest.parse(xml("""
                <CompleteMultipartUpload>
                  <Part><PartNumber>1</PartNumber><ETag>"a54357aff0632cce46d942af68356b38"</ETag><ChecksumCRC32>sOO8/Q==</ChecksumCRC32></Part>
                  <Part><ETag>&quot;0c78aef83f66abc1fa1e8477f296d394&quot;</ETag><PartNumber>2</PartNumber></Part>
                </CompleteMultipartUpload>"""));

        assertThat(request.parts()).containsExactly(
                new CompleteMultipartUploadRequest.Part(1, "a54357aff0632cce46d942af68356b38", Map.of(ChecksumAlgorithm.CRC32, "sOO8/Q==")),
                new CompleteMultipartUploadRequest.Part(2, "0c78aef83f66abc1fa1e8477f296d394", Map.of()));
        assertCode(() -> CompleteMultipartUploadRequest.parse(xml("<CompleteMultipartUpload><Part><PartNumber>0</PartNumber><ETag>x</ETag></Part>"
                + "</CompleteMultipartUpload>")), S3ErrorCode.INVALID_ARGUMENT, "Part number");
    }

    @Test
    void readsCreateBucketConfiguration()
    {
        assertThat(CreateBucketConfiguration.parse(xml("<CreateBucketConfiguration><LocationConstraint>RegionOne</LocationConstraint>"
                + "</CreateBucketConfiguration>")).locationConstraint()).contains("RegionOne");
        assertThat(CreateBucketConfiguration.parse(xml("<CreateBucketConfiguration/>")).locationConstraint()).isEmpty();
    }

    @Test
    void refusesMalformedDocuments()
    {
        for (String document : new String[] {
                "",
                "<Delete>",
                "<Delete><Object><Key>a</Key></Object></Delete><Delete/>",
                "<Delete></Delete>",
                "<Other><Object><Key>a</Key></Object></Other>",
                "<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>",
                "<Delete><Object></Object></Delete>",
                "<Delete><Quiet>maybe</Quiet><Object><Key>a</Key></Object></Delete>",
                "not xml at all",
                "<Delete><Object><Key>a</Key></Object></Delete>trailing",
        }) {
            assertCode(() -> DeleteObjectsRequest.parse(xml(document)), S3ErrorCode.MALFORMED_XML, "not well-formed");
        }
    }

    @Test
    void refusesDoctypesAndEntitiesOfAnyKind()
    {
        for (String document : new String[] {
                "<?xml version=\"1.0\"?><!DOCTYPE Delete [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                        + "<Delete><Object><Key>&xxe;</Key></Object></Delete>",
                "<?xml version=\"1.0\"?><!DOCTYPE Delete [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                        + "<Delete><Object><Key>&b;</Key></Object></Delete>",
                "<?xml version=\"1.0\"?><!DOCTYPE Delete SYSTEM \"http://127.0.0.1:1/evil.dtd\"><Delete><Object><Key>a</Key></Object></Delete>",
                "<Delete><Object><Key>&undefined;</Key></Object></Delete>",
        }) {
            assertCode(() -> DeleteObjectsRequest.parse(xml(document)), S3ErrorCode.MALFORMED_XML, "not well-formed");
        }
    }

    @Test
    void refusesDocumentsOverTheirLimits()
    {
        StringBuilder many = new StringBuilder("<Delete>");
        for (int i = 0; i < 1001; i++) {
            many.append("<Object><Key>k").append(i).append("</Key></Object>");
        }
        many.append("</Delete>");
        String deep = "<Delete>" + "<a>".repeat(40) + "</a>".repeat(40) + "</Delete>";
        String huge = "<CreateBucketConfiguration><LocationConstraint>" + "x".repeat(100_000) + "</LocationConstraint></CreateBucketConfiguration>";

        assertCode(() -> DeleteObjectsRequest.parse(xml(many.toString())), S3ErrorCode.MALFORMED_XML, "not well-formed");
        assertCode(() -> DeleteObjectsRequest.parse(xml(deep)), S3ErrorCode.MALFORMED_XML, "not well-formed");
        assertCode(() -> CreateBucketConfiguration.parse(xml(huge)), S3ErrorCode.MALFORMED_XML, "not well-formed");
    }

    @Test
    void documentOfExactlyTheLimitParsesAndOneByteMoreDoesNot()
    {
        String document = "<A>" + "x".repeat(93) + "</A>";
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(100);
        assertThat(S3XmlParser.parse(new ByteArrayInputStream(bytes), 100, 10).text()).hasSize(93);
        byte[] longer = (document + " ").getBytes(StandardCharsets.UTF_8);
        assertCode(() -> S3XmlParser.parse(new ByteArrayInputStream(longer), 100, 10), S3ErrorCode.MALFORMED_XML, "not well-formed");
    }

    @Test
    void keepsTheCodeOfAFailureOfTheBodyItself()
    {
        InputStream failing = new InputStream()
        {
            @Override
            public int read()
            {
                throw S3ErrorCode.BAD_DIGEST.exception("The Content-MD5 you specified did not match what we received.");
            }
        };

        assertCode(() -> DeleteObjectsRequest.parse(failing), S3ErrorCode.BAD_DIGEST, "Content-MD5");
    }
}

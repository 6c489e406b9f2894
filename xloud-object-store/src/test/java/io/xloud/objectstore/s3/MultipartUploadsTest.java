package io.xloud.objectstore.s3;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;

import static io.xloud.objectstore.s3.SignatureV4VerifierTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

class MultipartUploadsTest
{
    @Test
    void namesPartsSoThatTheyListInOrder()
    {
        String upload = MultipartUploads.newUploadId();

        assertThat(MultipartUploads.isUploadId(upload)).isTrue();
        assertThat(MultipartUploads.partName(upload, 2)).isEqualTo(upload + "/00002").isLessThan(MultipartUploads.partName(upload, 10));
        assertThat(MultipartUploads.partNumber(MultipartUploads.partName(upload, 10000))).isEqualTo(OptionalInt.of(10000));
        assertThat(MultipartUploads.partNumber(upload)).isEmpty();
        assertThat(MultipartUploads.isUploadId("../../etc")).isFalse();
    }

    @Test
    void refusesPartNumbersOutOfRange()
    {
        assertThat(MultipartUploads.requirePartNumber("10000")).isEqualTo(10000);
        for (String number : new String[] {"0", "10001", "-1", "x", ""}) {
            assertCode(() -> MultipartUploads.requirePartNumber(number), S3ErrorCode.INVALID_ARGUMENT, "Part number");
        }
    }

    @Test
    void etagIsTheMd5OfThePartMd5sAndTheirCount()
            throws Exception
    {
        HexFormat hex = HexFormat.of();
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] first = md5.digest("part one".getBytes());
        byte[] second = md5.digest("part two".getBytes());
        md5.update(first);
        md5.update(second);

        assertThat(MultipartUploads.etag(List.of(hex.formatHex(first), hex.formatHex(second)))).isEqualTo(hex.formatHex(md5.digest()) + "-2");
    }

    @Test
    void continuationTokensRoundTripAndRefuseForgeries()
    {
        assertThat(ListingTokens.resumeAfter(ListingTokens.continuationToken("photos/2026/ü.jpg"))).isEqualTo("photos/2026/ü.jpg");
        assertCode(() -> ListingTokens.resumeAfter("%%%"), S3ErrorCode.INVALID_ARGUMENT, "continuation token");
        assertThat(ListingTokens.urlEncode("a b+c/ü")).isEqualTo("a%20b%2Bc/%C3%BC");
    }

    @Test
    void partSizesAreRunLengthEncodedAndDecoded()
    {
        assertThat(MultipartUploads.encodePartSizes(List.of(8L, 8L, 8L, 3L))).isEqualTo("8*3,3");
        assertThat(MultipartUploads.encodePartSizes(List.of(5L, 6L, 6L))).isEqualTo("5,6*2");
        assertThat(MultipartUploads.decodePartSizes("8*3,3")).hasValueSatisfying(sizes -> assertThat(sizes).containsExactly(8, 8, 8, 3));
        assertThat(MultipartUploads.decodePartSizes("0")).hasValueSatisfying(sizes -> assertThat(sizes).containsExactly(0));
        for (String bad : List.of("", "x", "1*0", "-1", "1*10001", "1,*2", "1**2")) {
            assertThat(MultipartUploads.decodePartSizes(bad)).as(bad).isEmpty();
        }
    }
}

package io.xloud.objectstore.s3;

import io.xloud.core.error.ApiException;
import org.junit.jupiter.api.Test;

import static io.xloud.objectstore.s3.SignatureV4VerifierTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ByteRangeTest
{
    @Test
    void readsTheThreeFormsOfARange()
    {
        assertThat(ByteRange.parse("bytes=0-9", 100)).contains(new ByteRange(0, 9));
        assertThat(ByteRange.parse("bytes=90-", 100)).contains(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-10", 100)).contains(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-1000", 100)).contains(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=50-1000", 100)).contains(new ByteRange(50, 99));
        assertThat(ByteRange.parse("bytes=0-9", 100).orElseThrow().contentRange(100)).isEqualTo("bytes 0-9/100");
    }

    @Test
    void ignoresWhatItDoesNotUnderstand()
    {
        for (String header : new String[] {"items=0-9", "bytes=0-1,5-6", "bytes=9-0", "bytes=a-b", "bytes=-", "bytes=5"}) {
            assertThat(ByteRange.parse(header, 100)).as(header).isEmpty();
        }
    }

    @Test
    void refusesARangePastTheEnd()
    {
        assertCode(() -> ByteRange.parse("bytes=100-", 100), S3ErrorCode.INVALID_RANGE, "not satisfiable");
        assertCode(() -> ByteRange.parse("bytes=0-", 0), S3ErrorCode.INVALID_RANGE, "not satisfiable");
        assertCode(() -> ByteRange.parse("bytes=-0", 100), S3ErrorCode.INVALID_RANGE, "not satisfiable");
        assertThat(catchThrowableOfType(ApiException.class, () -> ByteRange.parse("bytes=200-300", 100)).headers())
                .containsEntry("Content-Range", "bytes */100");
    }
}

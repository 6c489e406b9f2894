package io.xloud.objectstore.s3;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksumAlgorithmTest
{
    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    private static String hex(ChecksumAlgorithm algorithm, byte[] data)
    {
        ChecksumAlgorithm.Digest digest = algorithm.newDigest();
        digest.update(data, 0, data.length);
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void matchesTheCatalogueCheckValues()
    {
        // the "check" value of each CRC in the catalogue of parametrised CRC algorithms: the CRC of "123456789"
        assertThat(hex(ChecksumAlgorithm.CRC32, CHECK)).isEqualTo("cbf43926");
        assertThat(hex(ChecksumAlgorithm.CRC32C, CHECK)).isEqualTo("e3069283");
        assertThat(hex(ChecksumAlgorithm.CRC64NVME, CHECK)).isEqualTo("ae8b14860a799888");
        assertThat(hex(ChecksumAlgorithm.SHA1, CHECK)).isEqualTo("f7c3bc1d808e04732adf679965ccc34ca7ae3441");
        assertThat(hex(ChecksumAlgorithm.SHA256, CHECK)).isEqualTo("15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225");
    }

    @Test
    void crcsOfNothingAreZero()
    {
        assertThat(hex(ChecksumAlgorithm.CRC32, new byte[0])).isEqualTo("00000000");
        assertThat(hex(ChecksumAlgorithm.CRC32C, new byte[0])).isEqualTo("00000000");
        assertThat(hex(ChecksumAlgorithm.CRC64NVME, new byte[0])).isEqualTo("0000000000000000");
    }

    @Test
    void matchesTheChecksumOfTheDocumentedChunkedUpload()
    {
        byte[] data = new byte[66560];
        Arrays.fill(data, (byte) 'a');

        assertThat(ChecksumAlgorithm.CRC32C.compute(data)).isEqualTo("sOO8/Q==");
    }

    @Test
    void crc64NvmeGivesTheSameValueAByteAtATimeAsEightAtATime()
    {
        Random random = new Random(42);
        for (int length : new int[] {1, 7, 8, 9, 15, 16, 17, 1000, 65537}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            for (int offset : new int[] {0, 1, 3}) {
                if (offset >= length) {
                    continue;
                }
                Crc64Nvme bulk = new Crc64Nvme();
                bulk.update(data, offset, length - offset);
                Crc64Nvme single = new Crc64Nvme();
                for (int i = offset; i < length; i++) {
                    single.update(data[i]);
                }
                assertThat(bulk.getValue()).isEqualTo(single.getValue()).isEqualTo(bitwise(data, offset, length));
            }
        }
    }

    @Test
    void crc64NvmeResets()
    {
        Crc64Nvme crc = new Crc64Nvme();
        crc.update(new byte[] {1, 2, 3}, 0, 3);
        crc.reset();
        crc.update(CHECK, 0, CHECK.length);

        assertThat(crc.getValue()).isEqualTo(0xae8b14860a799888L);
    }

    /** The definition, one bit at a time, to hold the tables to. */
    private static long bitwise(byte[] data, int offset, int end)
    {
        long crc = -1L;
        for (int i = offset; i < end; i++) {
            crc ^= data[i] & 0xffL;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9a6c9329ac4bc9b5L : crc >>> 1;
            }
        }
        return ~crc;
    }

    @Test
    void namesHeadersAndValidatesValues()
    {
        assertThat(ChecksumAlgorithm.CRC64NVME.headerName()).isEqualTo("x-amz-checksum-crc64nvme");
        assertThat(ChecksumAlgorithm.fromHeaderName("X-Amz-Checksum-Crc32c")).contains(ChecksumAlgorithm.CRC32C);
        assertThat(ChecksumAlgorithm.fromWireName("sha256")).contains(ChecksumAlgorithm.SHA256);
        assertThat(ChecksumAlgorithm.CRC32.isValidValue("sOO8/Q==")).isTrue();
        assertThat(ChecksumAlgorithm.CRC64NVME.isValidValue("sOO8/Q==")).isFalse();
        assertThat(ChecksumAlgorithm.SHA1.isValidValue("%%%")).isFalse();
    }
}

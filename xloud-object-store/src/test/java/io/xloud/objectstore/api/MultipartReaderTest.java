package io.xloud.objectstore.api;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartReaderTest
{
    private static final String BOUNDARY = "xYzZY";

    @Test
    void readsFieldsAndFileInOrder()
            throws IOException
    {
        String body = "preamble\r\n--xYzZY\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nvalue\r\n"
                + "--xYzZY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile\r\nbody\r\n"
                + "--xYzZY--\r\nepilogue";
        MultipartReader reader = reader(body.getBytes(StandardCharsets.UTF_8));
        MultipartReader.Part field = reader.next().orElseThrow();
        assertThat(field.name()).contains("key");
        assertThat(text(reader.content())).isEqualTo("value");
        MultipartReader.Part file = reader.next().orElseThrow();
        assertThat(file.filename()).contains("a.txt");
        assertThat(file.headers()).containsEntry("content-type", "text/plain");
        assertThat(text(reader.content())).isEqualTo("file\r\nbody");
        assertThat(reader.contentComplete()).isTrue();
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void unreadPartsAreSkipped()
            throws IOException
    {
        String body = "--xYzZY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + "a".repeat(100_000) + "\r\n"
                + "--xYzZY\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nb\r\n--xYzZY--\r\n";
        MultipartReader reader = reader(body.getBytes(StandardCharsets.UTF_8));
        assertThat(reader.next().orElseThrow().name()).contains("a");
        assertThat(reader.next().orElseThrow().name()).contains("b");
        assertThat(text(reader.content())).isEqualTo("b");
    }

    @Test
    void largeContentStreamsThroughWhole()
            throws IOException
    {
        byte[] content = new byte[3 * 1024 * 1024 + 7];
        Arrays.fill(content, (byte) '-');
        byte[] head = "--xYzZY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\r\n--xYzZY--\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        MultipartReader reader = reader(body);
        assertThat(reader.next()).isPresent();
        assertThat(reader.content().readAllBytes()).isEqualTo(content);
        assertThat(reader.contentComplete()).isTrue();
    }

    @Test
    void bodyEndingInsideAPartIsIncomplete()
            throws IOException
    {
        String body = "--xYzZY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\ncut short";
        MultipartReader reader = reader(body.getBytes(StandardCharsets.UTF_8));
        assertThat(reader.next()).isPresent();
        assertThat(text(reader.content())).startsWith("cut");
        assertThat(reader.contentComplete()).isFalse();
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void emptyBodyHasNoParts()
            throws IOException
    {
        assertThat(reader(new byte[0]).next()).isEmpty();
    }

    @Test
    void oversizedPartHeadersAreMalformed()
    {
        String body = "--xYzZY\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Long: " + "h".repeat(40_000) + "\r\n\r\nvalue\r\n--xYzZY--\r\n";
        MultipartReader reader = reader(body.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(reader::next).isInstanceOf(IOException.class);
    }

    @Test
    void boundaryIsTakenFromTheContentType()
    {
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=\"abc\"")).contains("abc");
        assertThat(MultipartReader.boundary("multipart/form-data")).isEmpty();
    }

    private static MultipartReader reader(byte[] body)
    {
        return new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
    }

    private static String text(InputStream in)
            throws IOException
    {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}

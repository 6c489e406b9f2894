package io.xloud.objectstore.api;

import org.eclipse.jetty.server.Handler;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class S3ListenerTest
{
    private static final Handler NOTHING = new Handler.Abstract()
    {
        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                org.eclipse.jetty.util.Callback callback)
        {
            return false;
        }
    };

    @Test
    void aFirstLabelUnderAKnownDomainNamesTheBucket()
    {
        S3Listener listener = new S3Listener(NOTHING, List.of("s3.example.com", ""));

        assertThat(listener.virtualBucket("photos.localhost")).contains("photos");
        assertThat(listener.virtualBucket("my.dotted.bucket.s3.example.com")).contains("my.dotted.bucket");
        assertThat(listener.virtualBucket("Photos.S3.Example.Com")).contains("photos");
    }

    @Test
    void otherHostsArePathStyle()
    {
        S3Listener listener = new S3Listener(NOTHING, List.of("s3.example.com"));

        assertThat(listener.virtualBucket("127.0.0.1")).isEmpty();
        assertThat(listener.virtualBucket("localhost")).isEmpty();
        assertThat(listener.virtualBucket("s3.example.com")).isEmpty();
        assertThat(listener.virtualBucket("example.org")).isEmpty();
        assertThat(listener.virtualBucket(null)).isEmpty();
    }
}

package io.xloud.objectstore.api;

import io.xloud.core.config.XloudConfig.Key;

import java.util.List;

/** Settings of the S3 face. */
public final class S3Settings
{
    public static final String S3_LISTEN = "s3_listen";
    public static final String S3_DOMAINS = "s3_domains";

    private S3Settings() {}

    public static List<Key> keys()
    {
        return List.of(
                new Key(S3_LISTEN, "", "host:port of a second listener serving S3 at its root (path- and virtual-hosted-style); empty means none"),
                new Key(S3_DOMAINS, "", "comma-separated host names whose sub-domains name buckets on the S3 listener (localhost always does)"));
    }
}

package io.xloud.objectstore.s3;

import static java.util.Objects.requireNonNull;

/** The scope a SigV4 signing key is derived for: {@code 20130524/us-east-1/s3/aws4_request}. */
public record CredentialScope(String date, String region, String service)
{
    public static final String TERMINATOR = "aws4_request";

    public CredentialScope
    {
        requireNonNull(date, "date is null");
        requireNonNull(region, "region is null");
        requireNonNull(service, "service is null");
    }

    @Override
    public String toString()
    {
        return date + "/" + region + "/" + service + "/" + TERMINATOR;
    }
}

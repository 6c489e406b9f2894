package io.xloud.objectstore.s3;

import java.io.InputStream;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The body of PutBucketVersioning: {@code <VersioningConfiguration><Status>Enabled|Suspended</Status>
 * <MfaDelete>Disabled</MfaDelete></VersioningConfiguration>}. Without a Status nothing changes. MFA delete needs
 * an MFA device, which this server has not: asking for it is refused.
 */
public record VersioningConfiguration(Optional<String> status)
{
    private static final long MAX_BYTES = 4096;

    public VersioningConfiguration
    {
        requireNonNull(status, "status is null");
    }

    public static VersioningConfiguration parse(InputStream body)
    {
        XmlElement root = S3XmlParser.parse(body, MAX_BYTES, 16);
        if (!root.name().equals("VersioningConfiguration")) {
            throw S3XmlParser.malformed();
        }
        for (XmlElement child : root.children()) {
            if (!child.name().equals("Status") && !child.name().equals("MfaDelete")) {
                throw S3XmlParser.malformed();
            }
        }
        Optional<String> status = root.childText("Status").map(String::strip);
        if (status.isPresent() && !status.get().equals("Enabled") && !status.get().equals("Suspended")) {
            throw S3XmlParser.malformed();
        }
        Optional<String> mfaDelete = root.childText("MfaDelete").map(String::strip);
        if (mfaDelete.isPresent()) {
            switch (mfaDelete.get()) {
                case "Disabled" -> { }
                case "Enabled" -> throw S3ErrorCode.INVALID_REQUEST.exception("MFA delete is not supported by this server.");
                default -> throw S3XmlParser.malformed();
            }
        }
        return new VersioningConfiguration(status);
    }
}

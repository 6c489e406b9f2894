package io.xloud.objectstore.s3;

/** Value rules shared by the request documents. */
final class S3XmlRequests
{
    private S3XmlRequests() {}

    static boolean parseBoolean(String text)
    {
        return switch (text.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw S3XmlParser.malformed();
        };
    }

    static int parsePartNumber(String text)
    {
        try {
            int number = Integer.parseInt(text.strip());
            if (number >= 1 && number <= CompleteMultipartUploadRequest.MAX_PARTS) {
                return number;
            }
        }
        catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw S3ErrorCode.INVALID_ARGUMENT.exception("Part number must be an integer between 1 and 10000, inclusive");
    }

    /** An ETag without surrounding white space and quotes ({@code "abc"}, {@code &quot;abc&quot;}, {@code abc}). */
    static String unquote(String etag)
    {
        String value = etag.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }
}

package io.xloud.objectstore.s3;

import java.util.Map;

/** S3's error document: {@code <Error><Code/><Message/><Resource/><RequestId/></Error>}, with extra fields some codes carry. */
public final class S3ErrorBody
{
    public static final String CONTENT_TYPE = "application/xml";

    private S3ErrorBody() {}

    public static byte[] render(S3ErrorCode code, String message, String resource, String requestId, Map<String, String> extra)
    {
        return XmlWriter.document(xml -> {
            xml.start("Error");
            xml.element("Code", code.title());
            xml.element("Message", message);
            extra.forEach(xml::element);
            if (resource != null && !resource.isEmpty()) {
                xml.element("Resource", resource);
            }
            xml.element("RequestId", requestId);
            xml.end();
        });
    }
}

package io.xloud.core.error;

/** How one service writes an error body: Keystone JSON, Nova JSON, Neutron JSON, Swift text, S3 XML. */
public interface ErrorDialect
{
    record Body(String contentType, byte[] bytes) {}

    Body render(ErrorCode code, String message);
}

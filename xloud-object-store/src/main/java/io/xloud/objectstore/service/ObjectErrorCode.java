package io.xloud.objectstore.service;

import io.xloud.core.error.ErrorCode;

/**
 * Failures of the object engine and its faces. Each face renders them in its dialect: Swift as its plain
 * text bodies with the HTTP status, S3 by mapping the code to its own names (NoSuchBucket, BadDigest, ...).
 */
public enum ObjectErrorCode
        implements ErrorCode
{
    BAD_REQUEST(400, "Bad Request"),
    INVALID_CONTAINER_NAME(400, "Bad Request"),
    INVALID_OBJECT_NAME(400, "Bad Request"),
    INVALID_METADATA(400, "Bad Request"),
    /** A version id that no version can have. */
    INVALID_VERSION_ID(400, "Bad Request"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NO_SUCH_ACCOUNT(404, "Not Found"),
    NO_SUCH_CONTAINER(404, "Not Found"),
    NO_SUCH_OBJECT(404, "Not Found"),
    /** A well-formed version id that names no version of the object. */
    NO_SUCH_VERSION(404, "Not Found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    CONTAINER_NOT_EMPTY(409, "Conflict"),
    CONFLICT(409, "Conflict"),
    LENGTH_REQUIRED(411, "Length Required"),
    PRECONDITION_FAILED(412, "Precondition Failed"),
    /** The object is larger than an object may be. */
    ENTITY_TOO_LARGE(413, "Request Entity Too Large"),
    /** The write would take an account or a container past its quota. */
    QUOTA_EXCEEDED(413, "Request Entity Too Large"),
    RANGE_NOT_SATISFIABLE(416, "Requested Range Not Satisfiable"),
    /** The content's MD5 differs from the one the client announced. */
    CHECKSUM_MISMATCH(422, "Unprocessable Entity"),
    /** The client sent fewer bytes than it announced. */
    INCOMPLETE_BODY(499, "Client Disconnect"),
    INTERNAL_ERROR(500, "Internal Server Error"),
    NOT_IMPLEMENTED(501, "Not Implemented"),
    SERVICE_UNAVAILABLE(503, "Service Unavailable"),
    /** The disk is full; nothing was stored. */
    INSUFFICIENT_STORAGE(507, "Insufficient Storage");

    private final int status;
    private final String title;

    ObjectErrorCode(int status, String title)
    {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status()
    {
        return status;
    }

    @Override
    public String title()
    {
        return title;
    }
}

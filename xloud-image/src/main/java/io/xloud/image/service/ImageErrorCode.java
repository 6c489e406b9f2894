package io.xloud.image.service;

import io.xloud.core.error.ErrorCode;

/** The failures of the image service, with the status and the title webob puts on them. */
public enum ImageErrorCode
        implements ErrorCode
{
    BAD_REQUEST(400, "Bad Request"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    CONFLICT(409, "Conflict"),
    GONE(410, "Gone"),
    REQUEST_ENTITY_TOO_LARGE(413, "Request Entity Too Large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type"),
    RANGE_NOT_SATISFIABLE(416, "Request Range Not Satisfiable"),
    INTERNAL_ERROR(500, "Internal Server Error"),
    SERVICE_UNAVAILABLE(503, "Service Unavailable");

    private final int status;
    private final String title;

    ImageErrorCode(int status, String title)
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

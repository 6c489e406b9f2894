package io.xloud.image.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Who asks for an import operation: the project and user of the token, whether it is an admin, and the request's id. */
public record ImportCaller(String projectId, String userId, boolean admin, String requestId)
{
    public ImportCaller
    {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(requestId, "requestId is null");
    }

    public Optional<String> project()
    {
        return Optional.of(projectId);
    }
}

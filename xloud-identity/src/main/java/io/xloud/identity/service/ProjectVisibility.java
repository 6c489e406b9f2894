package io.xloud.identity.service;

import java.util.Optional;

/** Which projects a caller may list beyond the filters: all, one domain's, or its own project only. */
public sealed interface ProjectVisibility
{
    record All() implements ProjectVisibility {}

    record InDomain(String domainId) implements ProjectVisibility {}

    record OwnProject(Optional<String> projectId) implements ProjectVisibility {}
}

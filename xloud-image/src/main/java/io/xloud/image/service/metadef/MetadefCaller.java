package io.xloud.image.service.metadef;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Who asks, as Glance's metadef database layer sees it: an admin sees every namespace; anyone else sees the public
 * ones and those their project owns.
 */
public record MetadefCaller(boolean admin, Optional<String> projectId)
{
    public MetadefCaller
    {
        requireNonNull(projectId, "projectId is null");
    }

    public boolean sees(MetadefNamespace namespace)
    {
        return admin || namespace.isPublic() || namespace.owner().isEmpty()
                || (projectId.isPresent() && namespace.owner().equals(projectId));
    }
}

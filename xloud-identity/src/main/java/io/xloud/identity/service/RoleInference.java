package io.xloud.identity.service;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A prior role and the roles it implies directly. */
public record RoleInference(Role prior, List<Role> implies)
{
    public RoleInference
    {
        requireNonNull(prior, "prior is null");
        implies = List.copyOf(implies);
    }
}

package io.xloud.identity.service;

import static java.util.Objects.requireNonNull;

/** A role granted to a user or group on a project, a domain or the system. */
public record Assignment(Type type, String actorId, String targetId, String roleId, boolean inherited)
{
    public static final String SYSTEM_TARGET = "system";

    public enum Type
    {
        UserProject, GroupProject, UserDomain, GroupDomain, UserSystem, GroupSystem;

        public boolean user()
        {
            return name().startsWith("User");
        }

        public boolean project()
        {
            return name().endsWith("Project");
        }

        public boolean domain()
        {
            return name().endsWith("Domain");
        }

        public boolean system()
        {
            return name().endsWith("System");
        }

        public static Type of(boolean user, String target)
        {
            return valueOf((user ? "User" : "Group") + target);
        }
    }

    public Assignment
    {
        requireNonNull(type, "type is null");
        requireNonNull(actorId, "actorId is null");
        requireNonNull(targetId, "targetId is null");
        requireNonNull(roleId, "roleId is null");
    }
}

package io.xloud.objectstore.service;

import static java.util.Objects.requireNonNull;

/** Where an object lives: account (a project id), container and object name, all as decoded text. */
public record ObjectPath(String account, String container, String object)
{
    public ObjectPath
    {
        requireNonNull(account, "account is null");
        requireNonNull(container, "container is null");
        requireNonNull(object, "object is null");
    }

    @Override
    public String toString()
    {
        return account + "/" + container + "/" + object;
    }
}

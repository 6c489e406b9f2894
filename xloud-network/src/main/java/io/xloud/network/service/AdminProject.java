package io.xloud.network.service;

import java.util.Optional;

/** The cloud's admin project, which owns what the service makes at first start (the external network). Identity provides it. */
@FunctionalInterface
public interface AdminProject
{
    Optional<String> id();
}

package io.xloud.core.module;

import org.eclipse.jetty.server.Handler;

import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * A second listening socket a module asks for (S3 at the root of its own port): its name, its
 * {@code host:port}, and the handler it serves, made from the kernel's (typically a wrapper that rewrites
 * requests before the kernel sees them).
 */
public record ModuleListener(String name, String address, UnaryOperator<Handler> handler)
{
    public ModuleListener
    {
        requireNonNull(name, "name is null");
        requireNonNull(address, "address is null");
        requireNonNull(handler, "handler is null");
    }
}

package io.xloud.core.http;

/** A route's handler: plain blocking code on a virtual thread. */
@FunctionalInterface
public interface Handler
{
    void handle(Exchange exchange)
            throws Exception;
}

package io.xloud.testing.architecture.sample.api;

import io.xloud.testing.architecture.sample.store.SampleStore;

/** An api class that skips the service layer. */
public final class SampleResource
{
    private SampleResource() {}

    public static String render(SampleStore store)
    {
        return store.name();
    }
}

package io.xloud.testing.architecture.sample.store;

/** A store that an api class of the sample module reaches directly, which the layering rules must reject. */
public interface SampleStore
{
    String name();
}

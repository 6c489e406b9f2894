package io.xloud.image.service;

/**
 * How an import makes its image active: the image module's data commit (status, size, digests, data project,
 * quotas and events in one transaction), shared with uploads.
 */
@FunctionalInterface
public interface ImageActivation
{
    /**
     * @throws io.xloud.core.error.ApiException 410 when the image went away or left {@code fromStatus}, 413 over the size quota
     */
    void activate(String imageId, String fromStatus, String dataProject, long size, String md5, String sha512);
}

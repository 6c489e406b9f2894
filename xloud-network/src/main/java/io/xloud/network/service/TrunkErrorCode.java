package io.xloud.network.service;

import io.xloud.core.error.ErrorCode;

/** Failures of trunks and their subports; the title is Neutron's exception name, the {@code NeutronError.type} clients read. */
public enum TrunkErrorCode
        implements ErrorCode
{
    INVALID_INPUT(400, "InvalidInput"),
    TRUNK_NOT_FOUND(404, "TrunkNotFound"),
    SUB_PORT_NOT_FOUND(404, "SubPortNotFound"),
    TRUNK_PORT_IN_USE(409, "TrunkPortInUse"),
    DUPLICATE_SUB_PORT(409, "DuplicateSubPort"),
    TRUNK_DISABLED(409, "TrunkDisabled"),
    TRUNK_IN_USE(409, "TrunkInUse"),
    PORT_IN_USE_AS_TRUNK_PARENT(409, "PortInUseAsTrunkParent"),
    PORT_IN_USE_AS_SUB_PORT(409, "PortInUseAsSubPort");

    private final int status;
    private final String title;

    TrunkErrorCode(int status, String title)
    {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status()
    {
        return status;
    }

    @Override
    public String title()
    {
        return title;
    }
}

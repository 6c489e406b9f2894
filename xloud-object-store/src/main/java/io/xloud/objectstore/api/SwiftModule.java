package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Kernel;
import io.xloud.core.http.Router;
import io.xloud.core.http.ServiceModule;
import io.xloud.core.jobs.JobSystem;
import io.xloud.core.jobs.PeriodicJob;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectService;

import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Swift v1 under /object-store/v1/AUTH_{project_id}, and Swift's /info, /healthcheck and /crossdomain.xml.
 * Every route takes requests without a token: authorization is Swift's own (owner by policy, container
 * ACLs, TempURL and FormPost signatures), decided in the resources.
 */
public final class SwiftModule
        implements ServiceModule
{
    public static final String PREFIX = "/object-store";
    public static final String V1 = PREFIX + "/v1";
    public static final String CONTAINER_SYNC_JOB = "object-store.container-sync";

    private final SwiftApi api;
    private final ContainerSync sync;

    /**
     * @param realm the container sync realm of this cluster, and {@code cluster} its name in it; {@code syncInterval}
     *        is how often a pass (a periodic job, on one node of the cluster each time) pushes synced containers
     */
    public SwiftModule(ObjectService objects, JobSystem jobs, String realm, String cluster, Duration syncInterval)
    {
        this.api = new SwiftApi(requireNonNull(objects, "objects is null"));
        this.sync = new ContainerSync(objects, realm, cluster);
        jobs.schedule(PeriodicJob.every(CONTAINER_SYNC_JOB, syncInterval), context -> {
            sync.run();
            return "{}";
        });
    }

    @Override
    public String name()
    {
        return "object-store";
    }

    @Override
    public String pathPrefix()
    {
        return PREFIX;
    }

    @Override
    public ErrorDialect errorDialect()
    {
        return new SwiftErrorDialect();
    }

    @Override
    public void routes(Router.Builder routes)
    {
        LargeObjects large = new LargeObjects(api);
        Versioning versioning = new Versioning(api);
        StaticWeb staticWeb = new StaticWeb(api);
        BulkResource bulk = new BulkResource(api);
        ObjectResource objects = new ObjectResource(api, large, versioning, staticWeb, new FormPost(api));
        staticWeb.bind(objects);
        new InfoResource(sync).routes(routes);
        Cors cors = new Cors(api);
        new AccountResource(api, bulk).routes(routes);
        new ContainerResource(api, objects, staticWeb, bulk, sync).routes(routes, cors);
        objects.routes(routes, cors);
        cors.routes(routes, AccountResource.ACCOUNT, ContainerResource.CONTAINER, ObjectResource.OBJECT);
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return SwiftPolicies.defaults();
    }

    @Override
    public void prepare(Exchange exchange)
    {
        transactionHeaders(exchange);
        exchange.attach(SwiftApi.AccountAcls.class, new SwiftApi.AccountAcls(api.objects()));
    }

    /** Swift refuses a NUL in a path before anything else, with this answer. */
    @Override
    public ApiException invalidPath()
    {
        return new ApiException(ObjectErrorCode.PRECONDITION_FAILED, "Invalid UTF8 or contains NULL");
    }

    /** Swift's X-Trans-Id, also as X-Openstack-Request-Id, on every response. */
    static void transactionHeaders(Exchange exchange)
    {
        String transactionId = SwiftHeaders.transactionId(exchange.requestId(), System.currentTimeMillis() / 1000);
        exchange.header("X-Trans-Id", transactionId);
        exchange.header(Kernel.REQUEST_ID_HEADER, transactionId);
    }
}

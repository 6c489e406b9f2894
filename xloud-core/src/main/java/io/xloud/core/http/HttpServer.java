package io.xloud.core.http;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * Jetty 12 core on virtual threads. The URI compliance is UNSAFE on purpose: object names must
 * arrive byte for byte ({@code //}, {@code ..}, {@code %2F}), and the router works on the raw path.
 */
public final class HttpServer
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private final Server server;
    private final ServerConnector connector;

    public HttpServer(String host, int port, org.eclipse.jetty.server.Handler handler, long stopTimeoutMillis)
    {
        // Jetty pads its queues to the cache line by asking the JMX platform server whether references are compressed;
        // starting that server costs about a tenth of a second of every start. Four-byte references (compressed,
        // as below 32 GB of heap): 16 to a 64-byte line. Only the padding depends on it.
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
        }
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("xloud-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("xloud-req-", 0).factory()));
        server = new Server(threads);

        HttpConfiguration config = new HttpConfiguration();
        config.setUriCompliance(UriCompliance.UNSAFE);
        config.setSendServerVersion(false);
        config.setSendDateHeader(true);
        config.setRequestHeaderSize(16 * 1024);
        // header values arrive as sent: a cache that folds case would change signed headers (SigV4) and stored metadata
        config.setHeaderCacheCaseSensitive(true);
        config.setResponseHeaderSize(64 * 1024);
        connector = new IdleFirstConnector(server, new TolerantHttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(120_000);
        server.addConnector(connector);

        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(handler);
        server.setHandler(graceful);
        if (handler instanceof Kernel kernel) {
            // what Jetty refuses itself (bad request lines, overlong URIs) answered in the services' formats, not HTML
            server.setErrorHandler(kernel.errorHandler());
        }
        server.setStopTimeout(stopTimeoutMillis);
        server.setStopAtShutdown(false);
    }

    /** Binds the listening socket without serving yet, so that the port is known before start-up work finishes. */
    public void bind()
            throws Exception
    {
        connector.open();
    }

    public void start()
            throws Exception
    {
        server.start();
    }

    public int port()
    {
        return connector.getLocalPort();
    }

    public InetSocketAddress address()
    {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), port());
    }

    @Override
    public void close()
            throws Exception
    {
        try {
            server.stop();
        }
        catch (TimeoutException e) {
            // the grace ran out with connections still open; Jetty has closed them and stopped by now
            LOG.warn("connections still open after the shutdown grace were closed");
        }
    }

    public void join()
            throws InterruptedException
    {
        server.join();
    }

    /**
     * At shutdown, keep-alive connections with no request in progress close soon, so that they do not hold the grace
     * period open; a connection whose request is still being read keeps its idle timeout, so that an upload that
     * pauses for a moment is not cut off (Jetty's own shutdown idle timeout applies to both). A response sent
     * during shutdown closes its connection.
     */
    private static final class IdleFirstConnector
            extends ServerConnector
    {
        private static final long SHUTDOWN_IDLE_TIMEOUT_MILLIS = 200;

        IdleFirstConnector(Server server, ConnectionFactory factory)
        {
            super(server, factory);
            setShutdownIdleTimeout(-1);
        }

        @Override
        public CompletableFuture<Void> shutdown()
        {
            CompletableFuture<Void> done = super.shutdown();
            for (EndPoint endPoint : getConnectedEndPoints()) {
                Connection connection = endPoint.getConnection();
                // a request counts in once its head is read and out once its response is complete
                if (connection == null || connection.getMessagesIn() <= connection.getMessagesOut()) {
                    endPoint.setIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MILLIS);
                }
            }
            return done;
        }
    }
}

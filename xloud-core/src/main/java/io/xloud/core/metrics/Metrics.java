package io.xloud.core.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

/** Request metrics, scraped as Prometheus text at {@code /metrics}. */
public final class Metrics
{
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public void recordRequest(String service, String route, String method, int status, long nanos)
    {
        Timer.builder("xloud.http.requests")
                .description("API requests by service, route template, method and status")
                .tag("service", service)
                .tag("route", route)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    public String scrape()
    {
        return registry.scrape();
    }
}

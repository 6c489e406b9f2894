package io.xloud.core.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

/** Request metrics, scraped as Prometheus text at {@code /metrics}. */
public final class Metrics
{
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // one timer per (service, route, method, status): looked up by a string key instead of rebuilt per request
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public void recordRequest(String service, String route, String method, int status, long nanos)
    {
        String key = service + ' ' + route + ' ' + method + ' ' + status;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, ignored -> timer(service, route, method, status));
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Timer timer(String service, String route, String method, int status)
    {
        return Timer.builder("xloud.http.requests")
                .description("API requests by service, route template, method and status")
                .tag("service", service)
                .tag("route", route)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
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

package io.xloud.server;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The server's logging, set up in code rather than read from an XML file: parsing {@code logback.xml} took a fifth
 * of a second of every start. Lines go to standard error; access lines ({@code xloud.access}, at the level of
 * {@code XLOUD_ACCESS_LOG_LEVEL}, INFO by default) through a queue so that request threads never wait on the
 * terminal, none dropped; Jetty, Hikari and Flyway only from WARN. A {@code -Dlogback.configurationFile} (or a
 * {@code logback-test.xml} on a test class path) still wins: this steps aside for it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup
        extends ContextAwareBase
        implements Configurator
{
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%X{request_id:--}] %logger{20} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context)
    {
        if (System.getProperty("logback.configurationFile") != null || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        AsyncAppender queued = new AsyncAppender();
        queued.setContext(context);
        queued.setName("ASYNC");
        queued.setQueueSize(16384);
        queued.setDiscardingThreshold(0);
        queued.setIncludeCallerData(false);
        queued.addAppender(stderr);
        queued.start();

        Logger access = context.getLogger("xloud.access");
        access.setLevel(Level.toLevel(System.getenv("XLOUD_ACCESS_LOG_LEVEL"), Level.INFO));
        access.setAdditive(false);
        access.addAppender(queued);
        for (String quiet : new String[] {"org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

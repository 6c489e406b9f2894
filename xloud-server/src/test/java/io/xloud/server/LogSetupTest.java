package io.xloud.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's log lines: standard error, the time, level, request id and logger; library chatter only from WARN. */
class LogSetupTest
{
    @Test
    void linesGoToStandardErrorInTheServerFormat()
    {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogSetup setup = new LogSetup();
            setup.setContext(context);
            assertThat(setup.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            context.getMDCAdapter().put("request_id", "req-1");
            context.getLogger("io.xloud.objectstore.Example").info("stored {}", "k");
            context.getLogger("org.eclipse.jetty.server.Server").info("not shown");
            context.getLogger("org.eclipse.jetty.server.Server").warn("shown");
            assertThat(context.getLogger("xloud.access").getLevel()).isEqualTo(Level.INFO);
            assertThat(context.getLogger("xloud.access").isAdditive()).isFalse();
        }
        finally {
            context.stop();
            System.setErr(before);
        }
        String lines = captured.toString(StandardCharsets.UTF_8);
        assertThat(lines).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[req-1] i\\.x\\.o\\.Example - stored k")
                .contains("WARN  [req-1] o.e.j.server.Server - shown")
                .doesNotContain("not shown");
    }
}

package io.xloud.testing.server;

import io.xloud.server.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code xloud} answers on its command line: help, version, and usage errors with exit code 2. */
class CommandLineTest
{
    @TempDir
    Path dataDir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpAndVersion()
    {
        assertThat(run("--version")).isEqualTo(new Run(0, "xloud 0.1.0" + System.lineSeparator(), ""));
        Run help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("serve", "fernet-rotate", "policy-list");
        assertThat(run().out()).isEqualTo(help.out());
        Run serveHelp = run("serve", "--help");
        assertThat(serveHelp.exitCode()).isZero();
        assertThat(serveHelp.out()).contains("--listen HOST:PORT", "--data-dir DIR", "--set KEY=VALUE");
    }

    @Test
    void usageErrorsAreExitCodeTwoAndSayWhatIsWrong()
    {
        assertThat(run("launch")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("unknown command 'launch'");
        });
        assertThat(run("serve", "--lisen", "127.0.0.1:1")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("unknown option '--lisen'").contains("--listen");
        });
        assertThat(run("serve", "--listen")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("'--listen' needs a value");
        });
        assertThat(run("policy-list", "--set", "noequals")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("--set takes KEY=VALUE");
        });
        assertThat(run("policy-list", "stray")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("unknown argument 'stray'");
        });
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignToo()
    {
        Run run = run("policy-list", "--service=identity", "--data-dir=" + dataDir, "--set", "identity.list_limit=5");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("# identity\n").doesNotContain("# object-store");
    }
}

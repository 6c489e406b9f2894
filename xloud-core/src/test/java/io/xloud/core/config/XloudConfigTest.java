package io.xloud.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XloudConfigTest
{
    @Test
    void fileThenEnvironmentThenFlags(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("xloud.conf");
        Files.writeString(file, "# comment\nlisten = 0.0.0.0:1\nrate_limit.per_second=5\n");
        XloudConfig config = XloudConfig.load(CoreSettings.keys(), Optional.of(file),
                Map.of("XLOUD_LISTEN", "0.0.0.0:2", "XLOUD_UNRELATED", "ignored"), Map.of("rate_limit.burst", "7"));
        assertThat(config.get("listen")).isEqualTo("0.0.0.0:2");
        assertThat(config.getLong("rate_limit.per_second")).isEqualTo(5);
        assertThat(config.getLong("rate_limit.burst")).isEqualTo(7);
        assertThat(config.get("data_dir")).isEqualTo("./data");
    }

    @Test
    void unknownKeysStopStartUp(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("xloud.conf");
        Files.writeString(file, "lisen = 0.0.0.0:1\n");
        assertThatThrownBy(() -> XloudConfig.load(CoreSettings.keys(), Optional.of(file), Map.of(), Map.of()))
                .hasMessageContaining("unknown setting 'lisen'");
        assertThatThrownBy(() -> XloudConfig.of(CoreSettings.keys(), Map.of("nope", "1")))
                .hasMessageContaining("unknown setting 'nope'");
    }

    @Test
    void badValuesAreReportedByName()
    {
        XloudConfig config = XloudConfig.of(CoreSettings.keys(), Map.of("db_pool_size", "many"));
        assertThatThrownBy(() -> config.getInt("db_pool_size")).hasMessageContaining("db_pool_size");
    }
}

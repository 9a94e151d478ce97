package dev.resilient.spring.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source file of the library's modules (core, Redis, the starter, the sample application)
 * grows past 500 lines: a longer one holds more than one job. Run from the starter's directory,
 * whose siblings are the other modules.
 */
class SourceSizeTest {

    private static final int MAX_LINES = 500;
    private static final List<String> MODULES =
            List.of("resilient-core", "resilient-redis", "resilient-spring-boot-starter", "resilient-sample-app");

    @Test
    void noMainSourceFileIsOver500Lines() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> tooLong = new ArrayList<>();
        for (String module : MODULES) {
            Path sources = root.resolve(module).resolve("src/main/java");
            assertThat(sources).as(module).isDirectory();
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(file -> file.toString().endsWith(".java"))
                        .filter(file -> lines(file) > MAX_LINES)
                        .map(file -> module + "/" + sources.relativize(file) + " (" + lines(file) + " lines)")
                        .forEach(tooLong::add);
            }
        }
        assertThat(tooLong).as("main source files over " + MAX_LINES + " lines").isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + file, ex);
        }
    }
}

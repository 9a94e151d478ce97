package dev.resilient.redis.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A real Redis server for tests, on a free loopback port: the system's {@code redis-server} when it
 * is on the PATH, else the Linux binary that {@code com.github.codemonstur:embedded-redis} ships in
 * its jar. No persistence. {@link #kill()} and {@link #start()} let fault tests take it away and
 * bring it back on the same port. Set the system property or environment variable
 * {@code resilient.redis.embedded=true} to skip the system's binary.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path binary;
    private final int port;
    private Process process;

    private RedisServerProcess(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** Starts a server on a free port. */
    public static RedisServerProcess startNew() {
        RedisServerProcess server = new RedisServerProcess(findBinary(), freePort());
        server.start();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>} */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The server binary in use. */
    public Path binary() {
        return binary;
    }

    /** Starts the server (again) on its port; returns once it accepts connections. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no"));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(binary + " exited with " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(binary + " did not accept connections on " + port);
            }
            Thread.onSpinWait();
        }
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        kill();
    }

    private boolean accepts() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findBinary() {
        boolean embeddedOnly = Boolean.parseBoolean(System.getProperty(
                "resilient.redis.embedded", System.getenv().getOrDefault("RESILIENT_REDIS_EMBEDDED", "false")));
        if (!embeddedOnly) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return EmbeddedBinary.PATH;
    }

    /** The embedded-redis binary for this platform, extracted once per JVM. */
    private static final class EmbeddedBinary {
        static final Path PATH = extract();

        private static Path extract() {
            String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
            String resource;
            if (os.contains("linux")) {
                resource = arch.contains("aarch64") || arch.contains("arm64")
                        ? "redis-server-6.2.7-linux-arm64"
                        : "redis-server-6.2.6-v5-linux-amd64";
            } else if (os.contains("mac")) {
                resource = arch.contains("aarch64") || arch.contains("arm64")
                        ? "redis-server-6.2.6-v5-darwin-arm64"
                        : "redis-server-6.2.6-v5-darwin-amd64";
            } else {
                throw new IllegalStateException("no redis-server on the PATH and no embedded binary for " + os);
            }
            try (InputStream in = RedisServerProcess.class.getResourceAsStream("/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " not found: is embedded-redis on the test class path?");
                }
                Path dir = Files.createTempDirectory("resilient-redis");
                Path file = dir.resolve("redis-server");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                if (!file.toFile().setExecutable(true)) {
                    throw new IllegalStateException("could not make " + file + " executable");
                }
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

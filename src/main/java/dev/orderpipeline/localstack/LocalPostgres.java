package dev.orderpipeline.localstack;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** PostgreSQL 17 from zonky's embedded binaries, a real server process with its data kept between restarts. */
final class LocalPostgres implements LocalServer {

    private final Path dataDirectory;
    private final int port;
    private final boolean durable;
    private EmbeddedPostgres postgres;

    LocalPostgres(LocalStackSettings settings) {
        this.dataDirectory = settings.dataDirectory().resolve("postgres");
        this.port = settings.port(LocalStackSettings.DEV_POSTGRES_PORT);
        this.durable = settings.durable();
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public synchronized void start() throws Exception {
        if (postgres != null) {
            return;
        }
        Files.createDirectories(dataDirectory.getParent());
        Path log = dataDirectory.getParent().resolve("postgres.log");
        postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off")
                .setServerConfig("max_connections", "200")
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()))
                .start();
    }

    @Override
    public synchronized void stop() throws Exception {
        if (postgres == null) {
            return;
        }
        postgres.close();
        postgres = null;
    }

    @Override
    public Map<String, String> config() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public String describe() {
        return "PostgreSQL 17 at 127.0.0.1:" + port + " (database postgres, user postgres), data in " + dataDirectory;
    }
}

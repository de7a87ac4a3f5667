package dev.orderpipeline.messaging;

import static dev.orderpipeline.support.Shop.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.orderpipeline.config.AppConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** One housekeeping pass deletes everything past retention, however much there is, and nothing younger. */
@QuarkusTest
class HousekeepingTest {

    @Inject
    Housekeeping housekeeping;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AppConfig config;

    @Test
    void shouldDeleteEverythingPastRetentionInOnePass() throws Exception {
        String consumer = "housekeeping-" + UUID.randomUUID();
        String topic = "housekeeping-" + UUID.randomUUID();
        int chunk = config.housekeeping().chunk();
        int old = 2 * chunk + 123;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into processed_message (consumer, message_id, processed_at)
                    select '%1$s', 'old-' || n, now() - interval '400 days' from generate_series(1, %2$d) n
                    union all select '%1$s', 'young-' || n, now() from generate_series(1, 10) n""".formatted(consumer, old));
            statement.execute("""
                    insert into outbox_message (id, lane, transport, destination, type, source, payload, created_at, published_at)
                    select gen_random_uuid(), 0, 'KAFKA', '%1$s', 't', '/test', '{}', now() - interval '30 days',
                        case when n <= %2$d then now() - interval '30 days' else now() end
                    from generate_series(1, %2$d + 10) n""".formatted(topic, old));
        }

        housekeeping.purge();

        assertThat(count(dataSource, "select count(*) from processed_message where consumer = ?", consumer)).isEqualTo(10);
        assertThat(count(dataSource, "select count(*) from outbox_message where destination = ?", topic)).isEqualTo(10);
    }
}

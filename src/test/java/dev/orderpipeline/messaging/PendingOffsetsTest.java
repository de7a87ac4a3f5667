package dev.orderpipeline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A failed commit is carried by the next one, and no commit ever moves an offset back. */
class PendingOffsetsTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final List<TopicPartition> BOTH = List.of(ORDERS_0, ORDERS_1);

    private final PendingOffsets pending = new PendingOffsets();

    @Test
    void shouldHandOverTheLatestHandledOffsetOncePerPartition() {
        pending.handled(ORDERS_0, 5);
        pending.handled(ORDERS_0, 9);
        pending.handled(ORDERS_1, 3);

        assertThat(pending.take()).isEqualTo(Map.of(ORDERS_0, new OffsetAndMetadata(9), ORDERS_1, new OffsetAndMetadata(3)));
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void shouldCarryAFailedCommitIntoTheNextOneWhenNothingNewWasHandled() {
        pending.handled(ORDERS_0, 9);
        Map<TopicPartition, OffsetAndMetadata> failedCommit = pending.take();

        pending.failed(failedCommit, BOTH);

        assertThat(pending.take()).isEqualTo(Map.of(ORDERS_0, new OffsetAndMetadata(9)));
    }

    @Test
    void shouldKeepTheNewerOffsetWhenAFailedCommitComesBackAfterMoreWasHandled() {
        pending.handled(ORDERS_0, 9);
        Map<TopicPartition, OffsetAndMetadata> failedCommit = pending.take();
        pending.handled(ORDERS_0, 12);

        pending.failed(failedCommit, BOTH);

        assertThat(pending.take()).isEqualTo(Map.of(ORDERS_0, new OffsetAndMetadata(12)));
    }

    @Test
    void shouldNotGiveBackAnOffsetALaterCommitAlreadyPassed() {
        pending.handled(ORDERS_0, 9);
        Map<TopicPartition, OffsetAndMetadata> first = pending.take();
        pending.handled(ORDERS_0, 12);
        Map<TopicPartition, OffsetAndMetadata> second = pending.take();

        pending.committed(second);
        pending.failed(first, BOTH);

        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void shouldNotGiveBackOffsetsOfPartitionsNoLongerOwned() {
        pending.handled(ORDERS_0, 9);
        pending.handled(ORDERS_1, 4);
        Map<TopicPartition, OffsetAndMetadata> failedCommit = pending.take();

        pending.failed(failedCommit, List.of(ORDERS_1));

        assertThat(pending.take()).isEqualTo(Map.of(ORDERS_1, new OffsetAndMetadata(4)));
    }

    @Test
    void shouldForgetLostPartitions() {
        pending.handled(ORDERS_0, 9);
        pending.handled(ORDERS_1, 4);

        pending.lost(List.of(ORDERS_0));

        assertThat(pending.take()).isEqualTo(Map.of(ORDERS_1, new OffsetAndMetadata(4)));
    }
}

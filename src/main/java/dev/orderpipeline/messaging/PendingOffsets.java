package dev.orderpipeline.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The next offset to commit per partition: what the consumer handled since its last commit, plus what a failed commit
 * gave back. An offset never goes back: a handed-back offset is kept only if no later one is pending or committed,
 * so a failed commit is retried by the next one and a late failure cannot undo a later success. Used by one thread.
 */
final class PendingOffsets {

    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** Records that everything before {@code nextOffset} in {@code partition} is handled. */
    void handled(TopicPartition partition, long nextOffset) {
        keepLatest(partition, new OffsetAndMetadata(nextOffset));
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Hands over every pending offset for a commit and forgets them until {@link #failed} gives them back. */
    Map<TopicPartition, OffsetAndMetadata> take() {
        Map<TopicPartition, OffsetAndMetadata> taken = new HashMap<>(pending);
        pending.clear();
        return taken;
    }

    /** Records a commit the broker took. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
    }

    /** Takes back the offsets of a commit that failed, of the partitions still {@code owned}, for the next commit. */
    void failed(Map<TopicPartition, OffsetAndMetadata> offsets, Collection<TopicPartition> owned) {
        offsets.forEach((partition, offset) -> {
            if (owned.contains(partition) && offset.offset() > committed.getOrDefault(partition, -1L)) {
                keepLatest(partition, offset);
            }
        });
    }

    /** Forgets partitions this consumer no longer owns: their offsets must not be committed over the next owner's. */
    void lost(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            pending.remove(partition);
            committed.remove(partition);
        });
    }

    private void keepLatest(TopicPartition partition, OffsetAndMetadata offset) {
        pending.merge(partition, offset, (current, given) -> given.offset() > current.offset() ? given : current);
    }
}

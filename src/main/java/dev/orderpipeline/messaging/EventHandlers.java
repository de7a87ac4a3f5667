package dev.orderpipeline.messaging;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.orderpipeline.contract.PipelineMessage;

/**
 * A consumer's effects, one per CloudEvents type, each taking its payload as the record class it was registered
 * with, and what a batch does before its effects; immutable once built. A type without an effect is a permanent
 * failure of its message.
 */
public final class EventHandlers {

    private final Map<String, Handler<?>> byType;
    private final Consumer<List<PipelineMessage>> beforeEffects;

    private EventHandlers(Map<String, Handler<?>> byType, Consumer<List<PipelineMessage>> beforeEffects) {
        this.byType = Map.copyOf(byType);
        this.beforeEffects = beforeEffects;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The event read as the record its type was registered with, bound to that type's effect.
     *
     * @throws PermanentMessageException when no effect has the event's type, or its payload does not read as the record
     */
    TypedEvent read(String consumer, IncomingEvent event, EventJson json) {
        Handler<?> handler = byType.get(event.type());
        if (handler == null) {
            throw new PermanentMessageException("unknown message type " + event.type() + " for " + consumer);
        }
        return handler.read(event, json);
    }

    /** Runs in a batch's transaction before the effects of {@code events}, the ones about to be applied. */
    void beforeEffects(List<TypedEvent> events) {
        beforeEffects.accept(events.stream().map(TypedEvent::message).toList());
    }

    /** One type's record class and effect. */
    private record Handler<E extends PipelineMessage>(Class<E> recordClass, Consumer<? super E> effect) {

        TypedEvent read(IncomingEvent event, EventJson json) {
            E message = json.read(event, recordClass);
            return new TypedEvent(event, message, () -> effect.accept(message));
        }
    }

    /** Collects the effects by record class; the CloudEvents type is the class's {@code TYPE}. */
    public static final class Builder {

        private final Map<String, Handler<?>> byType = new HashMap<>();
        private Consumer<List<PipelineMessage>> beforeEffects = messages -> {
        };

        private Builder() {
        }

        /** Applies {@code effect} to each message of {@code recordClass}'s type, read as that record. */
        public <E extends PipelineMessage> Builder on(Class<E> recordClass, Consumer<? super E> effect) {
            String type = typeOf(recordClass);
            if (byType.putIfAbsent(type, new Handler<>(recordClass, effect)) != null) {
                throw new IllegalArgumentException("two effects for " + type);
            }
            return this;
        }

        /** Accepts messages of {@code recordClass}'s type once they read as that record, and does nothing with them. */
        public <E extends PipelineMessage> Builder ignore(Class<E> recordClass) {
            return on(recordClass, message -> {
            });
        }

        /**
         * Runs {@code action} in a batch's transaction before its effects, with the messages about to be applied: to
         * lock the rows they will change in one fixed order (two batches that lock row by row can deadlock).
         */
        public Builder beforeEffects(Consumer<List<PipelineMessage>> action) {
            this.beforeEffects = action;
            return this;
        }

        public EventHandlers build() {
            return new EventHandlers(byType, beforeEffects);
        }

        private static String typeOf(Class<? extends PipelineMessage> recordClass) {
            try {
                Field type = recordClass.getField("TYPE");
                if (Modifier.isStatic(type.getModifiers()) && type.get(null) instanceof String name) {
                    return name;
                }
            } catch (ReflectiveOperationException e) {
                // reported below
            }
            throw new IllegalArgumentException(recordClass.getName() + " declares no public static String TYPE");
        }
    }
}

package dev.orderpipeline.messaging;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON for message payloads. Tolerant reader: unknown fields are ignored so producers can add fields first;
 * a payload that does not parse is a permanent failure.
 */
@ApplicationScoped
public class EventJson {

    private final ObjectMapper mapper;

    EventJson(ObjectMapper restMapper) {
        this.mapper = restMapper.copy()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    }

    public String write(Object payload) {
        try {
            return mapper.writeValueAsString(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }

    public <T> T read(IncomingEvent event, Class<T> type) {
        try {
            T value = mapper.readValue(event.payload(), type);
            if (value == null) {
                throw new PermanentMessageException("null payload for " + event.type());
            }
            return value;
        } catch (IOException e) {
            throw new PermanentMessageException("unparseable " + event.type() + " payload: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "no detail" : message.lines().findFirst().orElse(message);
    }
}

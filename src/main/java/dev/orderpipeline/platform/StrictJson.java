package dev.orderpipeline.platform;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Refuses JSON objects that repeat a key: {@code {"customerEmail": "a", "customerEmail": "b"}} is ambiguous, so
 * it is a malformed body (400 problem) rather than "last one wins" or a record binding error.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}

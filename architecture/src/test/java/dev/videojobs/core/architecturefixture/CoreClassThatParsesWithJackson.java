package dev.videojobs.core.architecturefixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Breaks the core's JSON rule on purpose, so DependencyRulesTest can show that the rule fails. */
public final class CoreClassThatParsesWithJackson {

    private CoreClassThatParsesWithJackson() {}

    static JsonNode parse(String body) throws Exception {
        return new ObjectMapper().readTree(body);
    }
}

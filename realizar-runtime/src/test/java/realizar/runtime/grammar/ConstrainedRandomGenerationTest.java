package realizar.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The must-show test: with the real stories260K vocabulary, sampling at random among the tokens the grammar allows,
 * 20 schemas × 10 seeds always yield JSON that parses and validates against its schema (checked by an independent
 * validator, networknt json-schema-validator), and every generation ends by itself before the token cap.
 */
final class ConstrainedRandomGenerationTest {
    private static final int MAX_TOKENS = 3000;
    private static final int SEEDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static TokenVocabulary vocabulary;

    /**
     * Stand-in for the model's forward pass: fills next-token logits. The real model plugs in here (one line in
     * {@link #generate}); this one is seeded noise plus a pull towards closing tokens that grows with length, like a
     * model that wants to finish, so that random strings and arrays end.
     */
    interface LogitSource {
        void nextLogits(int step, float[] logits);
    }

    @BeforeAll
    static void loadVocabulary() throws Exception {
        vocabulary = TestVocabularies.stories260KVocabulary();
    }

    @Test
    void everyOutputParsesAndValidatesAgainstItsSchema() throws Exception {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        int total = 0;
        long tokens = 0;
        for (int s = 0; s < JsonSchemaCases.SCHEMAS.size(); s++) {
            String schemaText = JsonSchemaCases.SCHEMAS.get(s);
            Schema validator = registry.getSchema(schemaText);
            GrammarMatcher matcher = new GrammarMatcher(Grammar.fromJsonSchema(schemaText), vocabulary);
            for (int seed = 0; seed < SEEDS; seed++) {
                Generation g = generate(matcher, randomModel(seed), new Random(1000L * s + seed));
                tokens += g.tokens;
                JsonNode value;
                try {
                    value = JSON.readTree(g.text);
                } catch (Exception e) {
                    fail("schema " + s + " seed " + seed + ": output does not parse: " + g.text, e);
                    return;
                }
                List<Error> errors = validator.validate(value);
                assertTrue(errors.isEmpty(), "schema " + s + " seed " + seed + ": " + errors + " in " + g.text);
                total++;
            }
        }
        assertEquals(JsonSchemaCases.SCHEMAS.size() * SEEDS, total);
        assertTrue(tokens > total, "generations should take more than one token each on average");
    }

    record Generation(String text, int tokens) {
    }

    /** Samples until an end-of-generation token or until the grammar allows nothing more; fails at the cap. */
    static Generation generate(GrammarMatcher matcher, LogitSource model, Random sampler) {
        GrammarConstraint constraint = new GrammarConstraint(matcher);
        TokenVocabulary vocab = matcher.vocabulary();
        float[] logits = new float[vocab.size()];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int step = 0; step < MAX_TOKENS; step++) {
            model.nextLogits(step, logits);
            constraint.mask(logits);
            int token = sample(logits, sampler);
            if (vocab.isEndOfGeneration(token)) {
                assertTrue(constraint.isComplete(), "end of generation sampled before the grammar was complete");
                return new Generation(out.toString(StandardCharsets.UTF_8), step);
            }
            constraint.accept(token);
            out.writeBytes(vocab.tokenBytes(token));
            if (constraint.isFinished()) {
                return new Generation(out.toString(StandardCharsets.UTF_8), step + 1);
            }
        }
        throw new AssertionError("no end after " + MAX_TOKENS + " tokens: " + out.toString(StandardCharsets.UTF_8));
    }

    private static LogitSource randomModel(long seed) {
        Random noise = new Random(seed);
        boolean[] closing = new boolean[vocabulary.size()];
        for (int id = 0; id < closing.length; id++) {
            byte[] b = vocabulary.tokenBytes(id);
            closing[id] = vocabulary.isEndOfGeneration(id);
            for (byte x : b) {
                closing[id] |= x == '"' || x == ']' || x == '}';
            }
        }
        return (step, logits) -> {
            float pull = 0.03f * step;
            for (int id = 0; id < logits.length; id++) {
                logits[id] = (float) noise.nextGaussian() + (closing[id] ? pull : 0f);
            }
        };
    }

    /** Softmax sampling over finite logits. */
    static int sample(float[] logits, Random rng) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            throw new AssertionError("the grammar allows no token");
        }
        double sum = 0;
        for (float l : logits) {
            sum += l == Float.NEGATIVE_INFINITY ? 0 : Math.exp(l - max);
        }
        double r = rng.nextDouble() * sum;
        int last = -1;
        for (int id = 0; id < logits.length; id++) {
            if (logits[id] != Float.NEGATIVE_INFINITY) {
                r -= Math.exp(logits[id] - max);
                last = id;
                if (r <= 0) {
                    return id;
                }
            }
        }
        return last;
    }
}

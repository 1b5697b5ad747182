package realizar.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.arch.llama.LlamaModel;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.Generator;
import realizar.runtime.generate.StopReason;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.generate.TokenText;
import realizar.runtime.model.KvType;
import realizar.runtime.sampling.LogitProcessor;
import realizar.runtime.sampling.SamplingParams;
import realizar.runtime.testing.TestModels;
import realizar.runtime.tokenizer.Tokenizer;

/**
 * The grammar wired into the real generation loop: stories260K's own logits, llama.cpp's default sampling, a
 * {@link GrammarConstraint} as the sampler's last {@link LogitProcessor}. The schemas bound every string and array,
 * so their languages are finite and each generation must end with an end-of-generation token; every output must
 * validate.
 */
final class StoriesModelConstrainedTest {
    private static final List<String> BOUNDED_SCHEMAS = List.of(
            """
            {"type": "object", "properties": {"name": {"type": "string", "maxLength": 12}, "age": {"type": "integer"},
             "mood": {"enum": ["happy", "sad"]}}, "required": ["name", "age", "mood"]}""",
            """
            {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 8}, "minItems": 1, "maxItems": 3}""",
            """
            {"type": "object", "properties": {"hero": {"type": "object", "properties": {"dog": {"type": "boolean"},
               "toys": {"type": "array", "items": {"enum": ["ball", "car"]}, "maxItems": 2}}, "required": ["dog"]}},
             "required": ["hero"]}""");
    private static ModelFile file;
    private static ComputeDevice device;
    private static LlamaModel model;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        file = TestModels.open(TestModels.stories260K());
        device = TestModels.cpu(2);
        model = LlamaModel.load(file, device);
        tokenizer = Tokenizer.fromMetadata(file.metadata());
    }

    @AfterAll
    static void close() {
        device.close();
        file.close();
    }

    @Test
    void realLogitsUnderTheGrammarGiveValidJson() throws Exception {
        TokenVocabulary vocab = TokenVocabulary.of(
                IntStream.range(0, tokenizer.vocabSize()).mapToObj(tokenizer::pieceBytes).toList(),
                tokenizer.endOfGenerationIds());
        TokenText text = new TokenText() {
            @Override
            public byte[] bytes(int id) {
                return tokenizer.pieceBytes(id);
            }

            @Override
            public Set<Integer> endOfGeneration() {
                return tokenizer.endOfGenerationIds();
            }
        };
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        int[] prompt = tokenizer.encode("Once upon a time", true, false);
        for (String schemaText : BOUNDED_SCHEMAS) {
            GrammarMatcher matcher = new GrammarMatcher(Grammar.fromJsonSchema(schemaText), vocab);
            Schema schema = registry.getSchema(schemaText);
            for (long seed = 0; seed < 2; seed++) {
                GrammarConstraint constraint = new GrammarConstraint(matcher);
                LogitProcessor grammar = new LogitProcessor() {
                    @Override
                    public void process(float[] logits) {
                        constraint.mask(logits);
                    }

                    @Override
                    public void accept(int token) {
                        constraint.accept(token);
                    }
                };
                GenerationRequest request = new GenerationRequest(prompt, 480, SamplingParams.defaults(seed), List.of(), 0, false);
                GenerationResult result = Generator.generate(model.newSession(512, KvType.F32, 512), text, request,
                        List.of(grammar), TokenListener.NONE);
                assertEquals(StopReason.EOS, result.stopReason(), "seed " + seed + ": " + result.text());
                var errors = schema.validate(new ObjectMapper().readTree(result.text()));
                assertTrue(errors.isEmpty(), errors + " in " + result.text());
            }
        }
    }
}

import java.util.List;

import realizar.runtime.Installation;
import realizar.runtime.LoadedModel;
import realizar.runtime.ModelOptions;
import realizar.runtime.Realizar;
import realizar.runtime.RealizarOptions;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.grammar.Grammar;
import realizar.runtime.sampling.SamplingParams;

/**
 * JSON output constrained by a JSON Schema: even a model that has never seen JSON (the demo story model) can only
 * write text that parses and validates. Run: ./examples/run JsonOutput
 */
public class JsonOutput {
    public static void main(String[] args) {
        String schema = """
                {"type": "object",
                 "properties": {"hero": {"type": "string", "maxLength": 20},
                                "age": {"type": "integer"},
                                "friends": {"type": "array", "items": {"type": "string", "maxLength": 10}, "maxItems": 3}},
                 "required": ["hero", "age", "friends"]}""";
        try (Realizar realizar = Realizar.create(RealizarOptions.defaults());
             LoadedModel model = realizar.load(Installation.demoModel(), ModelOptions.defaults())) {
            var request = new GenerationRequest(model.tokenize("Once upon a time", true, false), 256,
                    SamplingParams.defaults(42), List.of(), 0, false);
            var result = model.generate(request, List.of(model.constrainTo(Grammar.fromJsonSchema(schema))), TokenListener.NONE);
            System.out.println(result.text());
        }
    }
}

package realizar.runtime.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import realizar.runtime.LoadedModel;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.grammar.Grammar;
import realizar.runtime.sampling.LogitProcessor;
import realizar.runtime.sampling.SamplingParams;

/** A {@link ChatTurn} on a loaded model: tokenizes the rendered prompt with special tokens parsed, then generates. */
public final class ModelChatTurn implements ChatTurn {
    private final LoadedModel model;
    private final SamplingParams sampling;
    private final int maxTokens;

    public ModelChatTurn(LoadedModel model, SamplingParams sampling, int maxTokens) {
        this.model = model;
        this.sampling = sampling;
        this.maxTokens = maxTokens;
    }

    @Override
    public String generate(String prompt, List<String> stopStrings, Grammar constraint, Consumer<String> deltas) {
        int[] ids = model.tokenizeChat(prompt);
        List<LogitProcessor> processors = new ArrayList<>();
        if (constraint != null) {
            processors.add(model.constrainTo(constraint));
        }
        TokenListener listener = (id, delta) -> {
            if (!delta.isEmpty()) {
                deltas.accept(delta);
            }
        };
        return model.generate(new GenerationRequest(ids, maxTokens, sampling, stopStrings, 0, false), processors, listener).text();
    }
}

package realizar.runtime.generate;

import java.util.ArrayList;
import java.util.List;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.runtime.model.Session;
import realizar.runtime.sampling.LogitProcessor;
import realizar.runtime.sampling.Sampler;

/**
 * The generation loop: prefill the prompt in one batch, then decode one token at a time until a stop condition.
 * Mirrors llama.cpp's server loop: logits of the last position → sampler → token → forward.
 */
public final class Generator {
    private Generator() {
    }

    public static GenerationResult generate(Session session, TokenText vocab, GenerationRequest request,
                                            List<LogitProcessor> extraProcessors, TokenListener listener) {
        int[] prompt = request.promptIds();
        if (session.position() + prompt.length > session.contextLength()) {
            throw new RealizarException(ErrorCode.CONTEXT_OVERFLOW, "the prompt has " + prompt.length
                    + " tokens but the context holds " + session.contextLength() + " (raise --ctx)");
        }
        Sampler sampler = new Sampler(request.sampling(), session.contextLength());
        extraProcessors.forEach(sampler::add);
        sampler.acceptPrompt(prompt);
        TextAccumulator text = new TextAccumulator(request.stopStrings());
        List<Integer> output = new ArrayList<>();
        List<List<TokenLogprob>> logprobs = new ArrayList<>();

        long start = System.nanoTime();
        float[] logits = session.forward(prompt, 0, prompt.length);
        long prefilled = System.nanoTime();
        int[] one = new int[1];
        int decoded = 0;
        StopReason reason = StopReason.LENGTH;
        while (output.size() < request.maxTokens()) {
            if (listener.isCancelled()) {
                reason = StopReason.CANCELLED;
                break;
            }
            if (request.logprobs() > 0) {
                logprobs.add(Logprobs.top(logits, request.logprobs()));
            }
            int token = sampler.sample(logits);
            output.add(token);
            if (!request.ignoreEos() && vocab.endOfGeneration().contains(token)) {
                listener.onToken(token, "");
                reason = StopReason.EOS;
                break;
            }
            String delta = text.add(vocab.bytes(token));
            listener.onToken(token, delta);
            if (text.stopped()) {
                reason = StopReason.STOP;
                break;
            }
            if (output.size() == request.maxTokens()) {
                break;
            }
            if (session.position() >= session.contextLength()) {
                reason = StopReason.CONTEXT;
                break;
            }
            one[0] = token;
            logits = session.forward(one, 0, 1);
            decoded++;
        }
        long end = System.nanoTime();
        String tail = text.finish();
        if (!tail.isEmpty()) {
            listener.onToken(-1, tail);
        }
        Timings timings = new Timings(prompt.length, (prefilled - start) / 1e6, decoded, (end - prefilled) / 1e6);
        return new GenerationResult(output.stream().mapToInt(Integer::intValue).toArray(), text.text(), logprobs, reason, timings);
    }
}

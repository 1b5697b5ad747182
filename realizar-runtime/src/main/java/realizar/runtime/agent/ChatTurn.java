package realizar.runtime.agent;

import java.util.List;
import java.util.function.Consumer;

import realizar.runtime.grammar.Grammar;

/** One model turn: a rendered prompt in, text out. The seam between the agent loop and a model (tests script it). */
public interface ChatTurn {
    /**
     * Generates the assistant's reply to {@code prompt} (a rendered chat prompt, special tokens as text).
     *
     * @param stopStrings end the reply before any of these
     * @param constraint  a grammar the reply must follow, or null
     * @param deltas      receives text as it is produced
     */
    String generate(String prompt, List<String> stopStrings, Grammar constraint, Consumer<String> deltas);
}

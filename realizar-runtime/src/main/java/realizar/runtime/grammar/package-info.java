/**
 * Grammar-constrained generation: the model may only produce text that a grammar accepts.
 *
 * <p>Pipeline. A {@link realizar.runtime.grammar.Grammar} is compiled from llama.cpp's GBNF text or from a JSON Schema
 * ({@link realizar.runtime.grammar.JsonSchemaConverter} writes GBNF first, so every schema grammar can be printed and
 * read). Compilation flattens groups and repetitions into rules ({@code x*} becomes {@code r ::= x r | }) and lays
 * every alternative out as a run of elements in one int array: a character set, a rule reference, or END.
 *
 * <p>Matching. As in llama.cpp's {@code llama-grammar.cpp}, a match state is the set of stacks of rule positions still
 * alive; the top of each points at the character set to match next. Stacks are persistent linked lists that share
 * their tails, and a rule reference in tail position pops first, so {@code x*} runs in constant stack depth. Input is
 * UTF-8 bytes and character sets are over code points: a state also carries an unfinished UTF-8 sequence, and keeps
 * only the stacks whose next set holds some code point that starts with those bytes. Invalid UTF-8 (overlong forms,
 * surrogates, beyond U+10FFFF) is rejected. Left-recursive grammars are refused at compile time.
 *
 * <p>Speed. Stack sets are interned per grammar and remember their transition for each code point class (code points
 * that no character set of the grammar tells apart share a class), so the matcher becomes a lazily built DFA over the
 * sets it actually meets; an unfinished UTF-8 sequence is carried beside the set rather than in it, so multi-byte
 * text does not multiply the sets. A {@link realizar.runtime.grammar.TokenVocabulary} lays the
 * tokens' bytes out as a depth-first trie; {@link realizar.runtime.grammar.GrammarMatcher#allowedTokens} walks it
 * once, one transition per node, skipping every subtree whose prefix the grammar rejects, and caches the mask of
 * recent states (inside a JSON string the state repeats, so the mask is computed once).
 *
 * <p>Use. One {@code Grammar}, {@code TokenVocabulary} and {@code GrammarMatcher} may be shared between threads; a
 * {@link realizar.runtime.grammar.GrammarConstraint} is one generation's logit processor: {@code mask(logits)} before
 * sampling, {@code accept(token)} after. End-of-generation tokens are allowed exactly when the text is complete.
 * {@link realizar.runtime.grammar.ToolCallGrammar} builds grammars that force tool calls.
 */
package realizar.runtime.grammar;

/**
 * Sentence embeddings: BERT-family encoders ({@code bert}, {@code nomic-bert}) run as llama.cpp's
 * {@code llm_build_bert}, with mean / CLS / last-token pooling and L2 normalisation. Entry point:
 * {@link realizar.runtime.embed.EmbeddingModel}.
 */
package realizar.runtime.embed;

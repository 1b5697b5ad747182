/**
 * What decoder-only transformers share, so that each architecture package ({@code arch.llama}, {@code arch.qwen2},
 * …) holds only its loader and a forward pass that reads like llama.cpp's graph builder for it.
 *
 * <ul>
 *   <li>{@link realizar.runtime.arch.decoder.HParams}, {@link realizar.runtime.arch.decoder.RopeSettings}: the
 *       {@code <arch>.*} keys with llama.cpp's defaults;</li>
 *   <li>{@link realizar.runtime.arch.decoder.TensorLoader}: tensors by GGUF name, shapes checked;</li>
 *   <li>blocks: {@link realizar.runtime.arch.decoder.Norm} (RMS / Layer), {@link realizar.runtime.arch.decoder.Linear},
 *       {@link realizar.runtime.arch.decoder.QkvProjection} (fused or separate),
 *       {@link realizar.runtime.arch.decoder.SelfAttention} (Q/K norms, RoPE, Q pre-scale, KV cache, device attention,
 *       output projection), {@link realizar.runtime.arch.decoder.FeedForward} (SwiGLU, fused SwiGLU, GEGLU, GELU),
 *       {@link realizar.runtime.arch.decoder.OutputHead} (final norm, tied or untied output, soft-cap);</li>
 *   <li>{@link realizar.runtime.arch.decoder.DecoderModel} and its session: the KV cache and the activations
 *       ({@link realizar.runtime.arch.decoder.Batch}) allocated once per session, prefill in batches, no allocation
 *       per decoded token.</li>
 * </ul>
 */
package realizar.runtime.arch.decoder;

/**
 * Writing quantized GGUF files: llama.cpp's reference quantizers ({@link realizar.runtime.quantize.Quantizers}, one
 * {@link realizar.runtime.quantize.BlockQuantizer} per type, byte-identical to {@code quantize_row_*_ref}), its
 * per-tensor recipe for the file types ({@link realizar.runtime.quantize.QuantMix},
 * {@link realizar.runtime.quantize.TensorTypeRecipe}), {@code realizar quantize}
 * ({@link realizar.runtime.quantize.ModelQuantizer}) and random-weight models of real shapes for benchmarks
 * ({@link realizar.runtime.quantize.SyntheticModel}, {@link realizar.runtime.quantize.SynthPreset}). Tensors are
 * encoded on worker threads ({@link realizar.runtime.quantize.ParallelEncoder}) and written through the {@code gguf}
 * format plugin's writer.
 */
package realizar.runtime.quantize;

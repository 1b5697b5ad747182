package realizar.runtime.quantize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.TensorType;
import realizar.runtime.Realizar;

/**
 * {@code realizar synth}: a random-weight llama model of a {@link SynthPreset}'s shape, written straight from generated
 * values into the {@link QuantMix}'s types (the same recipe and quantizers as {@link ModelQuantizer}, no float32 file
 * first), encoded in parallel. Matrices are N(0, 1/fan_in) (fan_in = the row length), so activations stay of order
 * one; norms are 1 + 0.05·N(0, 1). The same preset, type and seed give the same file.
 */
public final class SyntheticModel {
    /** What was written. */
    public record Result(Path out, SynthPreset preset, QuantMix mix, long bytes, double seconds) {
    }

    private SyntheticModel() {
    }

    /**
     * Writes the model to {@code out} (atomically).
     *
     * @param vocab    a GGUF file whose {@code tokenizer.*} keys to copy (its token count becomes the vocabulary
     *                 size), or null for a made-up SentencePiece vocabulary of the preset's size
     * @param pure     every matrix in the mix's default type (llama-quantize's {@code --pure})
     * @param threads  encoder threads; 0 = one per core
     */
    public static Result write(Realizar realizar, SynthPreset preset, QuantMix mix, Path out, Path vocab, long seed,
                               boolean pure, int threads, ProgressListener progress) {
        long start = System.nanoTime();
        Map<String, Object> tokenizer;
        if (vocab != null) {
            try (ModelFile v = realizar.open(vocab, null)) {
                tokenizer = SynthVocabulary.copiedFrom(v.metadata(), vocab.toString());
            }
            preset = preset.withVocab(SynthVocabulary.size(tokenizer));
        } else {
            tokenizer = SynthVocabulary.madeUp(preset.vocab());
        }
        List<OutputTensor> tensors = tensors(preset, mix, pure, seed);
        Map<String, Object> metadata = metadata(preset, tokenizer);
        GgufOutput.putUint32(metadata, "general.quantization_version", GgufOutput.QUANTIZATION_VERSION);
        GgufOutput.putUint32(metadata, "general.file_type", mix.fileType());
        long bytes = GgufOutput.write(realizar.plugins(), out, metadata, tensors, threads, progress);
        return new Result(out, preset, mix, bytes, (System.nanoTime() - start) / 1e9);
    }

    static List<OutputTensor> tensors(SynthPreset p, QuantMix mix, boolean pure, long seed) {
        int hd = p.headDim();
        List<TensorTypeRecipe.Entry> shapes = new ArrayList<>();
        shapes.add(entry("token_embd.weight", p.embd(), p.vocab()));
        shapes.add(entry("output_norm.weight", p.embd()));
        if (!p.tiedOutput()) {
            shapes.add(entry("output.weight", p.embd(), p.vocab()));
        }
        if (p.ropeScaling() != null) {
            shapes.add(entry("rope_freqs.weight", hd / 2));
        }
        for (int i = 0; i < p.layers(); i++) {
            String b = "blk." + i + ".";
            shapes.add(entry(b + "attn_norm.weight", p.embd()));
            shapes.add(entry(b + "attn_q.weight", p.embd(), p.heads() * hd));
            shapes.add(entry(b + "attn_k.weight", p.embd(), p.kvHeads() * hd));
            shapes.add(entry(b + "attn_v.weight", p.embd(), p.kvHeads() * hd));
            shapes.add(entry(b + "attn_output.weight", p.heads() * hd, p.embd()));
            shapes.add(entry(b + "ffn_norm.weight", p.embd()));
            shapes.add(entry(b + "ffn_gate.weight", p.embd(), p.ff()));
            shapes.add(entry(b + "ffn_up.weight", p.embd(), p.ff()));
            shapes.add(entry(b + "ffn_down.weight", p.ff(), p.embd()));
        }
        shapes.sort((a, b) -> LlamaTensorOrder.BY_NAME.compare(a.name(), b.name()));
        var shape = new TensorTypeRecipe.ModelShape("llama", p.layers(), p.heads(), p.kvHeads(), 0);
        List<TensorType> types = TensorTypeRecipe.plan(shapes, mix, pure, shape);

        List<OutputTensor> out = new ArrayList<>();
        for (int t = 0; t < shapes.size(); t++) {
            TensorTypeRecipe.Entry e = shapes.get(t);
            long[] dims = e.dims();
            int rowLength = Math.toIntExact(dims[0]);
            long tensorSeed = GaussianRows.mix(seed * 0x9E3779B97F4A7C15L + t);
            TensorValues values;
            if (e.name().equals("rope_freqs.weight")) {
                float[] factors = ropeFactors(p);
                values = (first, rows, dst) -> System.arraycopy(factors, 0, dst, 0, factors.length);
            } else if (dims.length == 1) {
                values = new GaussianRows(tensorSeed, rowLength, 1f, 0.05f);
            } else {
                values = new GaussianRows(tensorSeed, rowLength, 0f, (float) (1 / Math.sqrt(rowLength)));
            }
            out.add(OutputTensor.encode(e.name(), types.get(t), dims, values));
        }
        return out;
    }

    private static TensorTypeRecipe.Entry entry(String name, long... dims) {
        return new TensorTypeRecipe.Entry(name, TensorType.F32, dims);
    }

    /**
     * Llama 3's per-dimension RoPE divisors, as convert_hf_to_gguf computes {@code rope_freqs.weight}: 1 for short
     * wavelengths, {@code factor} for long ones, a smooth blend between.
     */
    static float[] ropeFactors(SynthPreset p) {
        SynthPreset.Llama3RopeScaling s = p.ropeScaling();
        int dim = p.headDim();
        double lowWavelen = s.originalContext() / s.lowFreqFactor();
        double highWavelen = s.originalContext() / s.highFreqFactor();
        float[] factors = new float[dim / 2];
        for (int i = 0; i < dim / 2; i++) {
            double freq = 1.0 / Math.pow(p.ropeTheta(), (2.0 * i) / dim);
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) {
                factors[i] = 1f;
            } else if (wavelen > lowWavelen) {
                factors[i] = (float) s.factor();
            } else {
                double smooth = (s.originalContext() / wavelen - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
                factors[i] = (float) (1 / ((1 - smooth) / s.factor() + smooth));
            }
        }
        return factors;
    }

    private static Map<String, Object> metadata(SynthPreset p, Map<String, Object> tokenizer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("general.architecture", "llama");
        m.put("general.name", p.name() + " (random weights, realizar synth)");
        m.put("llama.block_count", (long) p.layers());
        m.put("llama.context_length", (long) p.contextLength());
        m.put("llama.embedding_length", (long) p.embd());
        m.put("llama.feed_forward_length", (long) p.ff());
        m.put("llama.attention.head_count", (long) p.heads());
        m.put("llama.attention.head_count_kv", (long) p.kvHeads());
        m.put("llama.rope.freq_base", p.ropeTheta());
        m.put("llama.attention.layer_norm_rms_epsilon", p.rmsEps());
        m.put("llama.attention.key_length", (long) p.headDim());
        m.put("llama.attention.value_length", (long) p.headDim());
        m.put("llama.vocab_size", (long) p.vocab());
        m.put("llama.rope.dimension_count", (long) p.headDim());
        List<String> valueTypes = new ArrayList<>();
        for (String k : List.of("llama.block_count", "llama.context_length", "llama.embedding_length",
                "llama.feed_forward_length", "llama.attention.head_count", "llama.attention.head_count_kv",
                "llama.attention.key_length", "llama.attention.value_length", "llama.vocab_size", "llama.rope.dimension_count")) {
            valueTypes.add(k + "=uint32");
        }
        tokenizer.forEach((k, v) -> {
            if (k.equals("GGUF.value_types")) {
                for (Object o : (List<?>) v) {
                    valueTypes.add(String.valueOf(o));
                }
            } else {
                m.put(k, v);
            }
        });
        m.put("GGUF.value_types", valueTypes);
        return m;
    }
}

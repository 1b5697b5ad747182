package realizar.runtime.embed;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.Weights;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;

/**
 * The tensors of a BERT-family encoder by their GGUF names (llama.cpp's {@code LLM_ARCH_BERT} / {@code NOMIC_BERT}
 * tensor list). Matrices are prepared by the device for many-row products ({@link ComputeDevice#batchWeights}: a
 * whole batch of sentences goes through each one); embeddings are read row by row; norms and biases are decoded to
 * float arrays. BERT's separate Q, K and V matrices are joined at load into one, as nomic-bert stores them, so a layer
 * starts with one matrix product instead of three; the joined copy lives in {@code arena}, closed with the model.
 */
record EncoderWeights(Tensor tokenEmbedding, Tensor positionEmbedding, float[] tokenType0, float[] embNormWeight,
                      float[] embNormBias, Layer[] layers, Arena arena) implements AutoCloseable {

    /**
     * One block. {@code qkv} gives each token q | k | v (3 × dim values); BERT has biases and a GELU FFN, nomic-bert
     * no QKV bias and SwiGLU ({@code gate} set). Absent biases are null.
     */
    record Layer(Weights qkv, float[] qkvBias, Weights output, float[] outputBias, float[] attnNormWeight,
                 float[] attnNormBias, Weights up, float[] upBias, Weights gate, Weights down, float[] downBias,
                 float[] outNormWeight, float[] outNormBias) {
    }

    static EncoderWeights load(ModelFile file, ComputeDevice device, EncoderConfig c) {
        Arena arena = Arena.ofShared();
        try {
            return load(file, device, c, arena);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public void close() {
        arena.close();
    }

    private static EncoderWeights load(ModelFile file, ComputeDevice device, EncoderConfig c, Arena arena) {
        int dim = c.dim();
        Tensor tokens = file.tensor("token_embd.weight");
        expectCols(tokens, dim);
        Tensor positions = null;
        if (!c.rotary()) {
            positions = file.tensor("position_embd.weight");
            expectCols(positions, dim);
            if (positions.info().rowCount() < c.maxSequenceLength()) {
                throw new RealizarException(ErrorCode.MALFORMED_MODEL, "tensor 'position_embd.weight' has "
                        + positions.info().rowCount() + " positions, fewer than the " + c.maxSequenceLength()
                        + " tokens the metadata allows (" + c.architecture() + ".context_length)");
            }
        }
        float[] type0 = file.findTensor("token_types.weight").map(t -> {
            expectCols(t, dim);
            return decode(device, t, dim);              // llama.cpp always uses token type 0
        }).orElse(null);
        Layer[] layers = new Layer[c.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "blk." + i + ".";
            int ff = c.hiddenDim();
            Weights qkv;
            float[] qkvBias;
            if (c.rotary()) {
                qkv = matrix(file, device, p + "attn_qkv.weight", dim, 3L * dim);
                qkvBias = null;
            } else {
                qkv = joinedQkv(file, device, arena, p, dim);
                float[] qb = bias(file, device, p + "attn_q.bias", dim);
                float[] kb = bias(file, device, p + "attn_k.bias", dim);
                float[] vb = bias(file, device, p + "attn_v.bias", dim);
                qkvBias = qb == null && kb == null && vb == null ? null : new float[3 * dim];
                for (int part = 0; part < 3 && qkvBias != null; part++) {
                    float[] b = part == 0 ? qb : part == 1 ? kb : vb;
                    if (b != null) {
                        System.arraycopy(b, 0, qkvBias, part * dim, dim);
                    }
                }
            }
            layers[i] = new Layer(qkv, qkvBias,
                    matrix(file, device, p + "attn_output.weight", dim, dim), bias(file, device, p + "attn_output.bias", dim),
                    vector(file, device, p + "attn_output_norm.weight", dim), bias(file, device, p + "attn_output_norm.bias", dim),
                    matrix(file, device, p + "ffn_up.weight", dim, ff), bias(file, device, p + "ffn_up.bias", ff),
                    c.rotary() ? matrix(file, device, p + "ffn_gate.weight", dim, ff) : null,
                    matrix(file, device, p + "ffn_down.weight", ff, dim), bias(file, device, p + "ffn_down.bias", dim),
                    vector(file, device, p + "layer_output_norm.weight", dim), bias(file, device, p + "layer_output_norm.bias", dim));
        }
        return new EncoderWeights(tokens, positions, type0, vector(file, device, "token_embd_norm.weight", dim),
                bias(file, device, "token_embd_norm.bias", dim), layers, arena);
    }

    /**
     * attn_q, attn_k and attn_v stacked row-wise into one [dim, 3·dim] matrix (the rows of a matrix are whole blocks
     * of its type, so any type stacks byte for byte); the three must share a type.
     */
    private static Weights joinedQkv(ModelFile file, ComputeDevice device, Arena arena, String prefix, int dim) {
        Tensor[] parts = new Tensor[3];
        String[] names = {"attn_q.weight", "attn_k.weight", "attn_v.weight"};
        long bytes = 0;
        for (int i = 0; i < 3; i++) {
            parts[i] = file.tensor(prefix + names[i]);
            Tensor t = parts[i];
            if (t.info().dim(0) != dim || t.info().rowCount() != dim) {
                throw shape(t, "[" + dim + ", " + dim + "]");
            }
            if (t.type() != parts[0].type()) {
                throw new RealizarException(ErrorCode.MALFORMED_MODEL, "tensor '" + t.name() + "' is " + t.type()
                        + " but '" + parts[0].name() + "' is " + parts[0].type() + "; Q, K and V must share a type");
            }
            bytes += t.data().byteSize();
        }
        MemorySegment joined = arena.allocate(bytes, 64);
        long at = 0;
        for (Tensor t : parts) {
            MemorySegment.copy(t.data(), 0, joined, at, t.data().byteSize());
            at += t.data().byteSize();
        }
        TensorInfo info = new TensorInfo(prefix + "attn_qkv (joined q, k, v)", parts[0].type(), new long[] {dim, 3L * dim}, 0, bytes);
        return device.batchWeights(new Tensor(info, joined));
    }

    private static Weights matrix(ModelFile file, ComputeDevice device, String name, long cols, long rows) {
        Tensor t = file.tensor(name);
        if (t.info().dim(0) != cols || t.info().rowCount() != rows) {
            throw shape(t, "[" + cols + ", " + rows + "]");
        }
        return device.batchWeights(t);
    }

    private static float[] vector(ModelFile file, ComputeDevice device, String name, int length) {
        Tensor t = file.tensor(name);
        if (t.info().elementCount() != length) {
            throw shape(t, "[" + length + "]");
        }
        return decode(device, t, length);
    }

    private static float[] bias(ModelFile file, ComputeDevice device, String name, int length) {
        return file.findTensor(name).map(t -> vector(file, device, name, length)).orElse(null);
    }

    private static float[] decode(ComputeDevice device, Tensor t, int length) {
        float[] out = new float[length];
        device.dequantize(t, 0, out, 0, length);
        return out;
    }

    private static void expectCols(Tensor t, int dim) {
        if (t.info().dim(0) != dim) {
            throw shape(t, "rows of " + dim);
        }
    }

    private static RealizarException shape(Tensor t, String expected) {
        return new RealizarException(ErrorCode.MALFORMED_MODEL, "tensor '" + t.name() + "' has shape "
                + Arrays.toString(t.info().dims()) + ", expected " + expected);
    }
}

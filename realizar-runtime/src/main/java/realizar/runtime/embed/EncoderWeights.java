package realizar.runtime.embed;

import java.util.Arrays;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.Weights;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;

/**
 * The tensors of a BERT-family encoder by their GGUF names (llama.cpp's {@code LLM_ARCH_BERT} / {@code NOMIC_BERT}
 * tensor list). Matrices stay in the file mapping, prepared by the device; embeddings are read row by row; norms and
 * biases are decoded to float arrays.
 */
record EncoderWeights(Tensor tokenEmbedding, Tensor positionEmbedding, float[] tokenType0, float[] embNormWeight,
                      float[] embNormBias, Layer[] layers) {

    /**
     * One block. BERT has separate Q/K/V with biases and a GELU FFN; nomic-bert a fused QKV without bias and SwiGLU
     * (so {@code qkv} and {@code gate} are set and {@code q}, {@code k}, {@code v} null). Absent biases are null.
     */
    record Layer(Weights q, float[] qBias, Weights k, float[] kBias, Weights v, float[] vBias, Weights qkv,
                 Weights output, float[] outputBias, float[] attnNormWeight, float[] attnNormBias,
                 Weights up, float[] upBias, Weights gate, Weights down, float[] downBias,
                 float[] outNormWeight, float[] outNormBias) {
    }

    static EncoderWeights load(ModelFile file, ComputeDevice device, EncoderConfig c) {
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
            if (c.rotary()) {
                layers[i] = new Layer(null, null, null, null, null, null,
                        matrix(file, device, p + "attn_qkv.weight", dim, 3L * dim),
                        matrix(file, device, p + "attn_output.weight", dim, dim), bias(file, device, p + "attn_output.bias", dim),
                        vector(file, device, p + "attn_output_norm.weight", dim), bias(file, device, p + "attn_output_norm.bias", dim),
                        matrix(file, device, p + "ffn_up.weight", dim, ff), bias(file, device, p + "ffn_up.bias", ff),
                        matrix(file, device, p + "ffn_gate.weight", dim, ff),
                        matrix(file, device, p + "ffn_down.weight", ff, dim), bias(file, device, p + "ffn_down.bias", dim),
                        vector(file, device, p + "layer_output_norm.weight", dim), bias(file, device, p + "layer_output_norm.bias", dim));
            } else {
                layers[i] = new Layer(
                        matrix(file, device, p + "attn_q.weight", dim, dim), bias(file, device, p + "attn_q.bias", dim),
                        matrix(file, device, p + "attn_k.weight", dim, dim), bias(file, device, p + "attn_k.bias", dim),
                        matrix(file, device, p + "attn_v.weight", dim, dim), bias(file, device, p + "attn_v.bias", dim),
                        null,
                        matrix(file, device, p + "attn_output.weight", dim, dim), bias(file, device, p + "attn_output.bias", dim),
                        vector(file, device, p + "attn_output_norm.weight", dim), bias(file, device, p + "attn_output_norm.bias", dim),
                        matrix(file, device, p + "ffn_up.weight", dim, ff), bias(file, device, p + "ffn_up.bias", ff),
                        null,
                        matrix(file, device, p + "ffn_down.weight", ff, dim), bias(file, device, p + "ffn_down.bias", dim),
                        vector(file, device, p + "layer_output_norm.weight", dim), bias(file, device, p + "layer_output_norm.bias", dim));
            }
        }
        return new EncoderWeights(tokens, positions, type0, vector(file, device, "token_embd_norm.weight", dim),
                bias(file, device, "token_embd_norm.bias", dim), layers);
    }

    private static Weights matrix(ModelFile file, ComputeDevice device, String name, long cols, long rows) {
        Tensor t = file.tensor(name);
        if (t.info().dim(0) != cols || t.info().rowCount() != rows) {
            throw shape(t, "[" + cols + ", " + rows + "]");
        }
        return device.weights(t);
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

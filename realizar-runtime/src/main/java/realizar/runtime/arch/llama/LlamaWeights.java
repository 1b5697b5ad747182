package realizar.runtime.arch.llama;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.Weights;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;

/**
 * The tensors of a llama model, by their GGUF names. Matrices stay in the file mapping (prepared by the device);
 * only the small norm vectors are decoded to float arrays.
 */
record LlamaWeights(Tensor tokenEmbedding, float[] outputNorm, Weights output, Layer[] layers, float[] ropeFreqs) {

    record Layer(float[] attnNorm, Weights wq, Weights wk, Weights wv, Weights wo,
                 float[] ffnNorm, Weights wGate, Weights wUp, Weights wDown) {
    }

    static LlamaWeights load(ModelFile file, ComputeDevice device, LlamaConfig c) {
        Tensor embedding = file.tensor("token_embd.weight");
        expectShape(embedding, c.dim(), c.vocabSize());
        // Tied embeddings: models without output.weight reuse the token embedding as the output matrix.
        Tensor output = file.findTensor("output.weight").orElse(embedding);
        Layer[] layers = new Layer[c.layers()];
        for (int i = 0; i < c.layers(); i++) {
            String p = "blk." + i + ".";
            layers[i] = new Layer(
                    vector(file, device, p + "attn_norm.weight", c.dim()),
                    matrix(file, device, p + "attn_q.weight", c.dim(), c.queryWidth()),
                    matrix(file, device, p + "attn_k.weight", c.dim(), c.kvWidth()),
                    matrix(file, device, p + "attn_v.weight", c.dim(), c.kvWidth()),
                    matrix(file, device, p + "attn_output.weight", c.queryWidth(), c.dim()),
                    vector(file, device, p + "ffn_norm.weight", c.dim()),
                    matrix(file, device, p + "ffn_gate.weight", c.dim(), c.hiddenDim()),
                    matrix(file, device, p + "ffn_up.weight", c.dim(), c.hiddenDim()),
                    matrix(file, device, p + "ffn_down.weight", c.hiddenDim(), c.dim()));
        }
        float[] ropeFreqs = file.findTensor("rope_freqs.weight").map(t -> decode(device, t, c.ropeDims() / 2)).orElse(null);
        expectShape(output, c.dim(), c.vocabSize());
        return new LlamaWeights(embedding, vector(file, device, "output_norm.weight", c.dim()), device.weights(output), layers, ropeFreqs);
    }

    static Weights matrix(ModelFile file, ComputeDevice device, String name, long cols, long rows) {
        Tensor t = file.tensor(name);
        expectShape(t, cols, rows);
        return device.weights(t);
    }

    static float[] vector(ModelFile file, ComputeDevice device, String name, int length) {
        Tensor t = file.tensor(name);
        expectShape(t, length, 1);
        return decode(device, t, length);
    }

    private static float[] decode(ComputeDevice device, Tensor t, int length) {
        if (t.info().elementCount() != length) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "tensor '" + t.name() + "' has " + t.info().elementCount() + " values, expected " + length);
        }
        float[] out = new float[length];
        device.dequantize(t, 0, out, 0, length);
        return out;
    }

    private static void expectShape(Tensor t, long cols, long rows) {
        if (t.info().dim(0) != cols || t.info().rowCount() != rows) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "tensor '" + t.name() + "' has shape "
                    + java.util.Arrays.toString(t.info().dims()) + ", expected [" + cols + ", " + rows + "]");
        }
    }
}

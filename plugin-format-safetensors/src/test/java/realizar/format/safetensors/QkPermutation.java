package realizar.format.safetensors;

/**
 * convert_hf_to_gguf.py's {@code LlamaModel.permute}: the GGUF row order of a Hugging Face Q or K matrix. Within each
 * head, HF row {@code two * (hd/2) + i} becomes GGUF row {@code 2 * i + two}.
 */
final class QkPermutation {
    private QkPermutation() {
    }

    /** The HF row that GGUF row {@code r} holds, for {@code heads} heads of {@code headDim} rows. */
    static int hfRow(int r, int headDim) {
        int head = r / headDim;
        int j = r % headDim;
        return head * headDim + (j % 2) * (headDim / 2) + j / 2;
    }
}

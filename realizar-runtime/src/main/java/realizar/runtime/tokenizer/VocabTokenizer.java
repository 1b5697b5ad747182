package realizar.runtime.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The {@link Tokenizer} of one {@link Vocabulary}: llama.cpp's {@code llama_vocab::impl::tokenize} (special-token
 * splitting, then SPM, BPE or WPM on each text fragment, BOS/EOS around) and its piece rendering.
 */
final class VocabTokenizer implements Tokenizer {
    private static final String SPACE_MARK = "\u2581";

    private final Vocabulary vocab;
    private final SpmEncoder spm;
    private final BpeEncoder bpe;
    private final WpmEncoder wpm;

    VocabTokenizer(Vocabulary vocab) {
        this.vocab = vocab;
        this.spm = vocab.kind == Vocabulary.Kind.SPM ? new SpmEncoder(vocab) : null;
        this.bpe = vocab.kind == Vocabulary.Kind.BPE ? new BpeEncoder(vocab) : null;
        this.wpm = vocab.kind == Vocabulary.Kind.WPM ? new WpmEncoder(vocab) : null;
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        text = withoutLoneSurrogates(text);
        IntList out = new IntList(text.length() / 3 + 4);
        Vocabulary.Flags flags = vocab.flags;
        Vocabulary.SpecialIds ids = vocab.special;
        boolean wordPiece = vocab.kind == Vocabulary.Kind.WPM;
        if (addSpecial && (flags.addBos() || wordPiece) && ids.bos() != Vocabulary.NONE) {
            out.add(ids.bos());
        }
        // SentencePiece puts a space before text at the start and after a special token.
        boolean previousSpecial = true;
        for (SpecialTokenSplitter.Fragment fragment : SpecialTokenSplitter.split(vocab, text, parseSpecial)) {
            if (!fragment.isText()) {
                out.add(fragment.token());
                previousSpecial = true;
                continue;
            }
            String piece = text.substring(fragment.start(), fragment.end());
            switch (vocab.kind) {
                case SPM -> {
                    if (flags.addSpacePrefix() && previousSpecial) {
                        piece = " " + piece;
                    }
                    spm.encode(piece.replace(" ", SPACE_MARK), out);
                }
                case BPE -> bpe.encode(piece, out);
                case WPM -> wpm.encode(piece, out);
            }
            previousSpecial = false;
        }
        if (addSpecial) {
            if (wordPiece) {
                if (ids.sep() != Vocabulary.NONE) {
                    out.add(ids.sep());
                }
            } else if (flags.addEos() && ids.eos() != Vocabulary.NONE) {
                out.add(ids.eos());
            }
        }
        return out.toArray();
    }

    /** A lone surrogate has no UTF-8 form; llama.cpp reads undecodable input as U+FFFD, so that is what it becomes. */
    static String withoutLoneSurrogates(String text) {
        StringBuilder fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                if (fixed != null) {
                    fixed.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (fixed == null) {
                    fixed = new StringBuilder(text.length()).append(text, 0, i);
                }
                fixed.append('\uFFFD');
            } else if (fixed != null) {
                fixed.append(c);
            }
        }
        return fixed == null ? text : fixed.toString();
    }

    @Override
    public byte[] pieceBytes(int id) {
        return vocab.piece(id).clone();
    }

    @Override
    public byte[] pieceBytes(int id, boolean special) {
        return special ? vocab.renderPiece(id, true) : pieceBytes(id);
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            out.writeBytes(vocab.piece(id));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String piece(int id) {
        return vocab.texts[id];
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public int bosId() {
        return vocab.special.bos();
    }

    @Override
    public int eosId() {
        return vocab.special.eos();
    }

    @Override
    public int eotId() {
        return vocab.special.eot();
    }

    @Override
    public int unknownId() {
        return vocab.special.unk();
    }

    @Override
    public int separatorId() {
        return vocab.special.sep();
    }

    @Override
    public int paddingId() {
        return vocab.special.pad();
    }

    @Override
    public Set<Integer> endOfGenerationIds() {
        return vocab.endOfGeneration;
    }

    @Override
    public boolean isControl(int id) {
        return vocab.has(TokenAttr.CONTROL, id);
    }

    @Override
    public boolean addBos() {
        return vocab.flags.addBos();
    }

    @Override
    public boolean addEos() {
        return vocab.flags.addEos();
    }

    @Override
    public String model() {
        return vocab.model;
    }

    @Override
    public String toString() {
        return "Tokenizer[" + vocab.model + (vocab.preTokenizer != null ? "/" + vocab.preTokenizer : "") + ", "
                + vocab.size() + " tokens]";
    }
}

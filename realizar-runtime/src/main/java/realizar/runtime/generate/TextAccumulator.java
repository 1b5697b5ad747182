package realizar.runtime.generate;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns token bytes into text as it is generated: holds back an incomplete UTF-8 sequence at the end, finds stop
 * strings even when they span tokens, and holds back any tail that could still become a stop string, so streamed
 * text never has to be taken back.
 */
final class TextAccumulator {
    private final List<String> stopStrings;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();
    private int decodedBytes;
    private int released;
    private boolean stopped;

    TextAccumulator(List<String> stopStrings) {
        this.stopStrings = stopStrings;
    }

    /** Adds a token's bytes; returns the text that can be released now. */
    String add(byte[] piece) {
        bytes.writeBytes(piece);
        decodeComplete(false);
        int stopAt = findStop();
        if (stopAt >= 0) {
            text.setLength(stopAt);
            stopped = true;
        }
        int safe = stopped ? text.length() : text.length() - heldBack();
        String delta = safe > released ? text.substring(released, safe) : "";
        released = Math.max(released, safe);
        return delta;
    }

    boolean stopped() {
        return stopped;
    }

    /** Ends the text: an incomplete trailing UTF-8 sequence becomes U+FFFD; returns what was still held back. */
    String finish() {
        if (!stopped) {
            decodeComplete(true);
        }
        String delta = text.length() > released ? text.substring(released) : "";
        released = text.length();
        return delta;
    }

    String text() {
        return text.toString();
    }

    private void decodeComplete(boolean endOfInput) {
        byte[] all = bytes.toByteArray();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer in = ByteBuffer.wrap(all, decodedBytes, all.length - decodedBytes);
        CharBuffer out = CharBuffer.allocate(all.length - decodedBytes + 2);
        CoderResult r = decoder.decode(in, out, endOfInput);
        if (endOfInput) {
            decoder.flush(out);
        }
        if (r.isError()) {
            throw new IllegalStateException(r.toString());
        }
        out.flip();
        text.append(out);
        decodedBytes = in.position();
    }

    private int findStop() {
        int best = -1;
        for (String s : stopStrings) {
            int from = Math.max(0, released - s.length());
            int at = text.indexOf(s, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Length of the longest suffix of the text that is a proper prefix of some stop string. */
    private int heldBack() {
        int hold = 0;
        for (String s : stopStrings) {
            for (int len = Math.min(s.length() - 1, text.length()); len > hold; len--) {
                if (text.substring(text.length() - len).equals(s.substring(0, len))) {
                    hold = len;
                    break;
                }
            }
        }
        return hold;
    }
}

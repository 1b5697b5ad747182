package realizar.api.chat;

import java.util.Objects;

/**
 * One part of a message whose content is a list of parts, as in the OpenAI chat API
 * ({@code "content": [{"type": "text", "text": "..."}]}). Templates that understand parts (Mistral Small 3, Gemma 3, ...)
 * see them as a list of {@code {type, text}} objects; the others see the text parts joined.
 *
 * @param type {@code text}, or another kind the model understands ({@code image} and so on)
 * @param text the text of a {@code text} part; null for other kinds
 */
public record ContentPart(String type, String text) {
    public ContentPart {
        Objects.requireNonNull(type, "type");
    }

    public static ContentPart text(String text) {
        return new ContentPart("text", text);
    }
}

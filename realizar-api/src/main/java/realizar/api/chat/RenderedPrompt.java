package realizar.api.chat;

import java.util.List;

/**
 * A rendered prompt.
 *
 * @param prompt       the text to tokenize (special tokens written as text; tokenize it with special parsing on)
 * @param stopStrings  strings that end the assistant's turn in this format ({@code <|im_end|>})
 * @param templateName the name of the template that rendered it
 */
public record RenderedPrompt(String prompt, List<String> stopStrings, String templateName) {
    public RenderedPrompt {
        stopStrings = List.copyOf(stopStrings);
    }
}

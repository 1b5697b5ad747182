package realizar.templates;

import java.util.ArrayList;
import java.util.List;

/** The end-of-turn markers of the known families, found in a template's text. */
final class StopStrings {
    private static final List<String> KNOWN_TURN_ENDS = List.of(
            "<|im_end|>", "<|eot_id|>", "<|eom_id|>", "<end_of_turn>", "<|end|>", "<|END_OF_TURN_TOKEN|>",
            "<｜end▁of▁sentence｜>", "<|endoftext|>", "</s>");

    private StopStrings() {
    }

    /** The markers {@code template} writes, then {@code eos} (when given and not already listed). */
    static List<String> forTemplate(String template, String eos) {
        List<String> stops = new ArrayList<>();
        for (String marker : KNOWN_TURN_ENDS) {
            if (template.contains(marker)) {
                stops.add(marker);
            }
        }
        if (eos != null && !eos.isEmpty() && !stops.contains(eos)) {
            stops.add(eos);
        }
        return stops;
    }
}

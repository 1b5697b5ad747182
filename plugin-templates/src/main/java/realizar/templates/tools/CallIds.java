package realizar.templates.tools;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/** Ids for calls the model gave none: nine letters and digits (what Mistral's templates insist on), random. */
final class CallIds {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private CallIds() {
    }

    static final IntFunction<String> RANDOM = index -> {
        StringBuilder id = new StringBuilder(9);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 9; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    };
}

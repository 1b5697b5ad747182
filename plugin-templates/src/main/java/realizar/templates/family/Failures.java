package realizar.templates.family;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/** The refusals the families share with their model templates. */
final class Failures {
    private Failures() {
    }

    static RealizarException template(String message) {
        return new RealizarException(ErrorCode.TEMPLATE_ERROR, message);
    }

    /** Roles must go user, assistant, user, ... after an optional system message. */
    static RealizarException alternation() {
        return template("Conversation roles must alternate user/assistant/user/assistant/...");
    }
}

package realizar.api;

import java.util.Objects;

/**
 * The one exception type of realizar. Its message names what is wrong and where (a field, a tensor,
 * a byte offset); its {@link ErrorCode} says which kind of failure it is.
 */
public class RealizarException extends RuntimeException {
    private final ErrorCode code;

    public RealizarException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public RealizarException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}

package realizar.api;

/**
 * Every error realizar reports carries one of these codes. The names are stable: scripts, HTTP clients
 * and plugins match on them. The {@link Category} says whose fault it is and so how a front end answers
 * (a user error is a 400 / exit 2, an internal one a 500 / exit 1).
 */
public enum ErrorCode {
    INVALID_ARGUMENT(Category.USER_ERROR),
    NOT_FOUND(Category.USER_ERROR),
    MALFORMED_MODEL(Category.USER_ERROR),
    UNKNOWN_FORMAT(Category.USER_ERROR),
    CONTEXT_OVERFLOW(Category.USER_ERROR),
    TEMPLATE_ERROR(Category.USER_ERROR),
    UNSUPPORTED_ARCHITECTURE(Category.UNSUPPORTED),
    UNSUPPORTED_TENSOR_TYPE(Category.UNSUPPORTED),
    UNSUPPORTED_OPERATION(Category.UNSUPPORTED),
    SPI_VERSION_MISMATCH(Category.UNSUPPORTED),
    PLUGIN_CONFLICT(Category.UNSUPPORTED),
    PLUGIN_FAILED(Category.INTERNAL),
    BACKEND_UNAVAILABLE(Category.INSUFFICIENT_RESOURCES),
    OUT_OF_MEMORY(Category.INSUFFICIENT_RESOURCES),
    IO_ERROR(Category.INSUFFICIENT_RESOURCES),
    INTERNAL(Category.INTERNAL);

    /** Whose fault an error is. */
    public enum Category {
        /** The input or the request is wrong; retrying the same thing fails again. */
        USER_ERROR,
        /** The input is valid but this build or these plugins cannot handle it. */
        UNSUPPORTED,
        /** A resource (memory, a device, a file system) is missing or exhausted. */
        INSUFFICIENT_RESOURCES,
        /** A bug in realizar or in a plugin. */
        INTERNAL
    }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }

    /** True when the caller, not realizar, should fix something (exit code 2, HTTP 400). */
    public boolean isUserError() {
        return category == Category.USER_ERROR || category == Category.UNSUPPORTED;
    }
}

package realizar.server;

import realizar.api.ErrorCode;

/** A request error with the HTTP status and the field it concerns, rendered as OpenAI-style JSON by the server. */
final class ApiError extends RuntimeException {
    final int status;
    final String param;
    final String code;

    ApiError(int status, String param, String code, String message) {
        super(message);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    static ApiError badField(String field, String message) {
        return new ApiError(400, field, ErrorCode.INVALID_ARGUMENT.name(), message);
    }
}

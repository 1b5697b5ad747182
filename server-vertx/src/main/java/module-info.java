/**
 * The HTTP front end on Vert.x. {@code java -m realizar.server [--model PATH | --demo] [--host H] [--port P]} starts it.
 * Depends on the runtime only; never on a plugin.
 */
module realizar.server {
    requires realizar.runtime;
    requires io.vertx.core;
    requires io.vertx.web;
    requires com.fasterxml.jackson.databind;

    exports realizar.server;
}

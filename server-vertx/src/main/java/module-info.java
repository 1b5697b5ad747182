/** The HTTP front end. Starts with {@code java -m realizar.server}. Depends on the runtime only. */
module realizar.server {
    requires realizar.runtime;
}

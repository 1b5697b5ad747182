# Sourced by ./realizar, ./run-tests and .ci/run: finds a JDK 25 and exports JAVA_HOME.
# Order: JAVA_HOME if it is a JDK 25, then /usr/lib/jvm/temurin-25-jdk-amd64, then any /usr/lib/jvm/*25*.
realizar_find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ "$version" = "25" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "realizar needs a JDK 25 (javac and the jdk.incubator.vector module)." >&2
  echo "  JAVA_HOME is '${JAVA_HOME:-unset}', and /usr/lib/jvm/temurin-25-jdk-amd64 does not exist." >&2
  echo "  Install one (e.g. 'apt-get install temurin-25-jdk' from Adoptium's repository, or unpack a JDK 25)" >&2
  echo "  and set JAVA_HOME to it." >&2
  return 1
}

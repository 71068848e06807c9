#!/bin/sh
# Starts alertmanager-uptime-kuma-push with the Java runtime shipped beside it (no JDK needed).
# Settings come from the environment (see README.md). JAVA_OPTS adds JVM flags after the defaults,
# so a repeated flag there wins, e.g. JAVA_OPTS=-Xmx96m.
set -eu

self=$0
# Follow symbolic links (e.g. /usr/local/bin/alertmanager-uptime-kuma-push -> .../bin/...).
while [ -h "$self" ]; do
  link=$(readlink "$self")
  case $link in
    /*) self=$link ;;
    *) self=$(dirname "$self")/$link ;;
  esac
done
home=$(cd "$(dirname "$self")/.." && pwd -P)

# JAVA_OPTS is split on white space on purpose.
# shellcheck disable=SC2086
exec "$home/runtime/bin/java" @JVM_FLAGS@ ${JAVA_OPTS:-} -jar "$home/lib/@JAR@" "$@"

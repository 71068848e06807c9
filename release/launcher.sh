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

# Class data: lib/app.jsa, the JDK's and the application's classes parsed at build time (see README.md), unless
# AOT_CACHE=/some/writable/dir/app.aot asks for an ahead-of-time cache of the bundled runtime (JDK 25) instead. When
# that file is missing, or was recorded for another version, this run records one and writes it when the bridge
# stops; later runs use it. (The JVM itself does not notice a cache made for another jar: Java 25.0.3 uses it
# anyway, so the launcher keeps the version it was made for beside it, in AOT_CACHE.version.)
classdata=
if [ -f "$home/lib/app.jsa" ]; then
  classdata="-XX:SharedArchiveFile=$home/lib/app.jsa"
fi
# The bundled runtime's feature version, read with the shell alone (the launcher needs no other tools).
runtime_version=
if [ -r "$home/runtime/release" ]; then
  while IFS= read -r line; do
    case $line in
      JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v#\"}; runtime_version=${v%%[!0-9]*} ;;
    esac
  done <"$home/runtime/release"
fi
if [ -n "${AOT_CACHE:-}" ] && [ "${runtime_version:-0}" -lt 25 ]; then
  echo "alertmanager-uptime-kuma-push: AOT_CACHE ignored: the bundled Java ${runtime_version:-?} has no AOT cache (25 or newer has)" >&2
elif [ -n "${AOT_CACHE:-}" ]; then
  made_for=
  if [ -r "$AOT_CACHE.version" ]; then
    IFS= read -r made_for <"$AOT_CACHE.version" || true
  fi
  if [ -f "$AOT_CACHE" ] && [ "$made_for" = "@VERSION@" ]; then
    classdata="-XX:AOTCache=$AOT_CACHE"
  else
    classdata="-XX:AOTCacheOutput=$AOT_CACHE"
    printf '%s\n' "@VERSION@" >"$AOT_CACHE.version"
  fi
fi

# JAVA_OPTS is split on white space on purpose; AOT_CACHE must be a path without spaces.
# shellcheck disable=SC2086
exec "$home/runtime/bin/java" @JVM_FLAGS@ $classdata ${JAVA_OPTS:-} -jar "$home/lib/@JAR@" "$@"

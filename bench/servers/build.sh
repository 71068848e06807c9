#!/usr/bin/env bash
# Builds the four minimal servers that bench/servers/measure.sh compares: the JDK's com.sun.net.httpserver, Jetty 12
# core, Helidon 4 SE (each a shaded jar, from its pom.xml here) and the bridge's own server (dev.kumapush.http with a
# handler answering POST /push, from the bridge's compiled classes). Needs JAVA_HOME (a JDK 25) and the bridge built
# (./mvnw -B -DskipTests package at the repository's root).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
for server in jdk jetty helidon; do
    "$ROOT/mvnw" -B -q -f "$HERE/$server/pom.xml" package
done
classes=$ROOT/target/classes
[[ -d $classes/dev/kumapush/http ]] || { echo "build the bridge first: ./mvnw -B -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/javac" -cp "$classes" -d "$work" "$HERE/own/HelloOwn.java"
cp -r "$classes/dev" "$work/"
mkdir -p "$HERE/own/target"
printf 'Main-Class: HelloOwn\n' >"$work/manifest.txt"
(cd "$work" && "$JAVA_HOME/bin/jar" cfm "$HERE/own/target/own-server.jar" manifest.txt HelloOwn.class dev/kumapush/http \
    dev/kumapush/text)
echo "built: $HERE/{jdk,jetty,helidon,own}/target/*-server.jar"

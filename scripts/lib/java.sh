#!/usr/bin/env bash
# Sourced helper: `xloud_find_java` points JAVA_HOME at a JDK >= 21.
# Xloud is compiled with --release 21, but machines often default to an older
# `java` (Debian 12 ships 17), so we look for a suitable JDK instead of trusting PATH.

XLOUD_MIN_JAVA=${XLOUD_MIN_JAVA:-21}

# Print the major version of the JDK at $1 (0 if it has no working bin/java).
xloud_java_major() {
    local home=$1 line ver major
    [ -x "$home/bin/java" ] || { echo 0; return; }
    # the JDK's release file says it without starting a JVM (a tenth of a second): JAVA_VERSION="25.0.3"
    line=$(grep -m1 -E '^JAVA_VERSION="' "$home/release" 2>/dev/null || true)
    if [ -n "$line" ]; then
        line="version ${line#JAVA_VERSION=}"
    else
        # `java -version` writes e.g.: openjdk version "25.0.3" 2025-10-21  (or "1.8.0_412")
        line=$("$home/bin/java" -version 2>&1 | grep -m1 -E 'version "' || true)
    fi
    ver=${line#*version \"}
    ver=${ver%%\"*}
    major=${ver%%[.+-]*}
    if [ "$major" = 1 ]; then           # old 1.x numbering
        major=${ver#1.}
        major=${major%%[._+-]*}
    fi
    case $major in ''|*[!0-9]*) echo 0 ;; *) echo "$major" ;; esac
}

xloud_find_java() {
    local cand best='' best_major=0 major
    if [ -n "${JAVA_HOME:-}" ] && [ "$(xloud_java_major "$JAVA_HOME")" -ge "$XLOUD_MIN_JAVA" ]; then
        best=$JAVA_HOME
    else
        for cand in /usr/lib/jvm/*; do
            [ -d "$cand" ] || continue
            major=$(xloud_java_major "$cand")
            if [ "$major" -ge "$XLOUD_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
                best=$cand
                best_major=$major
            fi
        done
    fi
    if [ -z "$best" ]; then
        echo "Xloud needs a JDK $XLOUD_MIN_JAVA or newer; set JAVA_HOME to one" \
             "(found ${JAVA_HOME:+JAVA_HOME=$JAVA_HOME, which is too old, and }nothing suitable in /usr/lib/jvm)." >&2
        exit 1
    fi
    JAVA_HOME=$best
    PATH=$JAVA_HOME/bin:$PATH
    export JAVA_HOME PATH
}

# xloud_jvm_opts JAR: default JVM flags. Unless JAVA_OPTS says otherwise: a 512 MiB heap, the serial collector
# (the smallest footprint: peak RSS through token validation at 16 connections about 265 MiB against about
# 390 MiB with G1, at the same rate), JIT compile thresholds doubled (a restart spends most of its CPU compiling
# code it runs a few hundred times: doubled, a restart to the first token took 0.90-0.97 s against 0.97-1.14 s,
# with 4 KiB PUT and token validation rates in their usual range; token issue by the token method measured
# 3.6-3.9k/s against 3.8-5.0k/s), and on JDK 25 and later compact object headers. Then a start-up cache
# beside the jar: on JDK 25 and later an ahead-of-time cache (classes loaded and linked, method profiles) that
# the first run of a build records and writes at exit, and later starts map; on JDK 21-24 an application
# class-data archive. XLOUD_CDS=0 turns either off.
xloud_jvm_opts() {
    local dir jar major flags=''
    major=$(xloud_java_major "$JAVA_HOME")
    case " ${JAVA_OPTS:-} " in *" -Xmx"*|*" -XX:MaxRAM"*) ;; *) flags="-Xmx512m" ;; esac
    case " ${JAVA_OPTS:-} " in *" -XX:+Use"*"GC "*) ;; *) flags="$flags -XX:+UseSerialGC" ;; esac
    case " ${JAVA_OPTS:-} " in *"CompileThresholdScaling"*) ;; *) flags="$flags -XX:CompileThresholdScaling=2" ;; esac
    if [ "$major" -ge 25 ]; then
        case " ${JAVA_OPTS:-} " in *"ObjectHeaders"*) ;; *) flags="$flags -XX:+UseCompactObjectHeaders" ;; esac
    fi
    printf '%s ' $flags
    [ "${XLOUD_CDS:-1}" = 0 ] && return 0
    dir="$(cd "$(dirname "$1")" && pwd)"
    jar="$dir/$(basename "$1")"
    if [ "$major" -ge 25 ]; then
        # the cache holds only for the flags it was recorded with: check it with the same ones
        # shellcheck disable=SC2086
        xloud_aot_opts "$dir/xloud.aot" "$jar" $flags ${JAVA_OPTS:-}
        return 0
    fi
    local archive="$dir/xloud.jsa"
    # an archive older than the jar does not match it, and the JVM does not always replace it: drop it
    if [ -f "$archive" ] && [ "$archive" -ot "$jar" ]; then rm -f "$archive"; fi
    printf '%s' "-XX:SharedArchiveFile=$archive -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off"
}

# xloud_aot_opts CACHE JAR [JVM FLAG ...]: map CACHE when it is newer than JAR and the JVM accepts it with these
# flags (a cache recorded with other flags is dropped); otherwise have this run record one.
# Each recording run writes a file of its own at exit (several servers may start from one jar at once);
# a later start adopts the first that the JVM accepts whole, so a file still being written is never mapped.
xloud_aot_opts() {
    local cache=$1 jar=$2 candidate
    shift 2
    if [ -f "$cache" ] && [ "$cache" -ot "$jar" ]; then rm -f "$cache"; fi
    if [ ! -f "$cache" ]; then
        for candidate in "$cache".*.rec; do
            [ -f "$candidate" ] && [ "$candidate" -nt "$jar" ] || continue
            if "$JAVA_HOME/bin/java" "$@" -XX:AOTMode=on -XX:AOTCache="$candidate" -Xlog:disable -jar "$jar" --version >/dev/null 2>&1; then
                mv -f "$candidate" "$cache" 2>/dev/null && break
            fi
        done
        # recordings of older builds, and of runs killed while writing
        find "$(dirname "$cache")" -maxdepth 1 -name "$(basename "$cache").*.rec*" \( ! -newer "$jar" -o -mmin +10 \) -delete 2>/dev/null || true
    fi
    if [ -f "$cache" ]; then
        printf '%s' "-XX:AOTCache=$cache -Xlog:aot=off -Xlog:cds=off"
    else
        printf '%s' "-XX:AOTCacheOutput=$cache.$(date +%s%N)$RANDOM.rec -Xlog:aot=off -Xlog:cds=off"
    fi
}

@echo off
rem Starts alertmanager-uptime-kuma-push with the Java runtime shipped beside it (no JDK needed).
rem Settings come from the environment (see README.md). JAVA_OPTS adds JVM flags after the defaults.
setlocal
set "APP_HOME=%~dp0.."
"%APP_HOME%\runtime\bin\java.exe" @JVM_FLAGS@ %JAVA_OPTS% -jar "%APP_HOME%\lib\@JAR@" %*
exit /b %ERRORLEVEL%

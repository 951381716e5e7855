# Unotify in a container: `docker build -t unotify .` then `docker run -p 9091:9091 -v unotify-data:/data unotify`.
# README.md, "Deployment", walks through it; tests/Unotify.EndToEnd.Tests/DeploymentRecipeTests.cs checks that this
# file's paths match the publish output and runs that output as this image does (non-root, read-only /app).

# ---- build: the host and its built-in plugins ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# The project files first, so a change to the code alone does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY sdk/Unotify.Sdk/Unotify.Sdk.csproj sdk/Unotify.Sdk/
COPY src/Unotify.Hcl/Unotify.Hcl.csproj src/Unotify.Hcl/
COPY src/Unotify.StateMachines/Unotify.StateMachines.csproj src/Unotify.StateMachines/
COPY src/Unotify.Core/Unotify.Core.csproj src/Unotify.Core/
COPY src/Unotify.Host/Unotify.Host.csproj src/Unotify.Host/
COPY plugins/CopyPlugins.targets plugins/
COPY plugins/Unotify.Plugins.GitHub/Unotify.Plugins.GitHub.csproj plugins/Unotify.Plugins.GitHub/
COPY plugins/Unotify.Plugins.GitLab/Unotify.Plugins.GitLab.csproj plugins/Unotify.Plugins.GitLab/
COPY plugins/Unotify.Plugins.Hmac/Unotify.Plugins.Hmac.csproj plugins/Unotify.Plugins.Hmac/
COPY plugins/Unotify.Plugins.Http/Unotify.Plugins.Http.csproj plugins/Unotify.Plugins.Http/
COPY plugins/Unotify.Plugins.Jira/Unotify.Plugins.Jira.csproj plugins/Unotify.Plugins.Jira/
RUN dotnet restore src/Unotify.Host/Unotify.Host.csproj

COPY sdk/ sdk/
COPY src/ src/
COPY plugins/ plugins/
# The publish step copies the built-in plugins to /app/plugins/<Name>/, where the host looks for them
# (plugins/CopyPlugins.targets).
RUN dotnet publish src/Unotify.Host -c Release -o /app --no-restore

# ---- runtime ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app

# The application and its configuration belong to root and are read-only for the user that runs them.
COPY --from=build /app /app
# workers.yaml and statemachines/: mount your own directory over /app/config (docker run -v ./config:/app/config:ro).
COPY config/ /app/config/

# All state lives in /data: the embedded Garnet store, its lock and the secret key it generates when
# UNOTIFY_SECRET_KEY is unset. With UNOTIFY_REDIS set, nothing is written there.
RUN mkdir -p /data && chown 1654:1654 /data
VOLUME /data

# The aspnet image's own `app` user (uid 1654), by number so that Kubernetes' runAsNonRoot can check it.
USER 1654

# ASPNETCORE_HTTP_PORTS (8080 in the base image) is cleared: the host listens where ASPNETCORE_URLS says.
ENV ASPNETCORE_URLS=http://+:9091 \
    ASPNETCORE_HTTP_PORTS= \
    UNOTIFY_DATA=/data \
    UNOTIFY_WORKERS=/app/config/workers.yaml
EXPOSE 9091

# The image has no curl or wget: bash asks /healthz itself. A changed port needs a changed check (or --no-healthcheck).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9091 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# `docker run IMAGE serve` or `docker run IMAGE work` runs one role; `docker run IMAGE --help` lists the commands.
ENTRYPOINT ["dotnet", "/app/unotify.dll"]
CMD ["all"]

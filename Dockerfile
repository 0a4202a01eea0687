# MultiSource Connector: the app only (the sandbox is a development and test tool).
# Configuration comes from environment variables alone, for example:
#   ConnectionStrings__Connector="Host=db;Database=connector;Username=...;Password=..."
#   Connect__BaseUrl="https://connector.example.com"

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props atlassian-connect.json ./
COPY src/Connector.Web/Connector.Web.csproj src/Connector.Web/
RUN dotnet restore src/Connector.Web/Connector.Web.csproj
COPY src/Connector.Web/ src/Connector.Web/
RUN dotnet publish src/Connector.Web/Connector.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# DOTNET_TC_CallCountingDelayMs=0: .NET recompiles hot code, optimised, only after a pause in new compilations, which a
# busy server after a deploy rarely gives it; without the pause pages reach their speed within seconds instead of a
# minute or more (docs/performance.md, 2026-12-08).
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_gcServer=0 \
    DOTNET_TC_CallCountingDelayMs=0
EXPOSE 8080
# The image's built-in unprivileged user.
USER app
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["dotnet", "Connector.Web.dll", "--probe-health"]
ENTRYPOINT ["dotnet", "Connector.Web.dll"]

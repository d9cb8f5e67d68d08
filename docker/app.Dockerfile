# syntax=docker/dockerfile:1
# Every app image, built from the repository root (the build needs the whole monorepo):
#   docker build -f docker/app.Dockerfile --build-arg APP=enricher -t marketfeed/enricher .
# APP is a folder of apps/ (ingestor, enricher, opensearch-sink, …) whose package is
# @marketfeed/<APP> with its entry point at dist/main.js. The same image runs under docker
# compose and on ECS Fargate; configuration is env only.

# Node 24 LTS, pinned by digest: a re-published tag cannot change what is built. The digest is
# node:24-bookworm-slim as public build logs recorded it (24.18.0); it could not be read from
# Docker Hub where this was written (no registry access). Check it with
# `docker buildx imagetools inspect node:24-bookworm-slim` when updating.
ARG NODE_IMAGE=node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d
# The task definitions run X86_64 (infra/src/constructs/fargate-app.ts): build for that, even on
# an arm64 laptop.
ARG PLATFORM=linux/amd64
# Keep in step with the turbo version in package-lock.json (a deploy-checks test compares them).
ARG TURBO_VERSION=2.11.11
ARG APP=enricher

FROM --platform=${PLATFORM} ${NODE_IMAGE} AS base
ENV TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# Only the workspaces @marketfeed/$APP depends on, with the lockfile pruned to them, so that a
# change elsewhere in the monorepo does not invalidate the install layers below.
FROM base AS prune
ARG TURBO_VERSION
ARG APP
WORKDIR /repo
RUN npm install --global "turbo@${TURBO_VERSION}"
COPY . .
RUN turbo prune "@marketfeed/${APP}" --docker --out-dir /pruned

# Compile with the full toolchain (dev dependencies included).
FROM base AS build
ARG APP
WORKDIR /repo
COPY --from=prune /pruned/json/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
COPY --from=prune /pruned/full/ ./
# turbo prune copies workspaces, not root files the workspaces' tsconfigs extend.
COPY tsconfig.base.json ./
RUN npx turbo run build "--filter=@marketfeed/${APP}..."
# What runs: every workspace's manifest (the production install checks them against the
# lockfile) and the compiled dist/ of the workspaces the app ships (its `dependencies`,
# transitively; never a devDependency such as the test kit); main.js, a link to the app's entry
# point, so that CMD stays exec form for every APP.
COPY docker/ship-workspaces.mjs /usr/local/lib/marketfeed/
RUN mkdir /app \
 && cp package.json package-lock.json /app/ \
 && for ws in $(node -p "require('./package.json').workspaces.join(' ')"); do \
      mkdir -p "/app/$ws" && cp "$ws/package.json" "/app/$ws/"; \
    done \
 && for ws in $(node /usr/local/lib/marketfeed/ship-workspaces.mjs "${APP}"); do \
      cp -R "$ws/dist" "/app/$ws/dist"; \
    done \
 && test -f "/app/apps/${APP}/dist/main.js" \
 && ln -s "apps/${APP}/dist/main.js" /app/main.js

# Runtime: production dependencies only, no compiler, no sources, no package manager, not root.
FROM base AS runtime
ARG APP
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    PORT=8080
WORKDIR /app
COPY --from=build /app/ ./
RUN npm ci --omit=dev --ignore-scripts \
 && rm -rf /root/.npm /tmp/* \
      /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx \
      /usr/local/lib/node_modules/corepack /usr/local/bin/corepack
LABEL org.opencontainers.image.title="marketfeed-${APP}" \
      org.opencontainers.image.description="marketfeed ${APP} (see apps/${APP})"
# Files stay root-owned and read-only to the process; ECS runs it with a read-only root filesystem.
USER node
EXPOSE 8080
# Liveness only (/healthz), with Node's own fetch: the image has no curl. ECS uses the same probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself, so graceful shutdown runs. Node resolves
# the link to apps/$APP/dist/main.js, so the app's relative imports work as in the repository.
STOPSIGNAL SIGTERM
CMD ["node", "main.js"]

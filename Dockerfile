# syntax=docker/dockerfile:1
#
# The server for a tenant (PLAN_STORE=sharepoint): the compiled build, production dependencies
# only, run as a non-root user. Build and run (docs/deploy.md, "The container"):
#
#   docker build -t plan .
#   docker run --env-file tenant.env -p 3978:3978 plan
#
# The image listens on 0.0.0.0, which the server accepts only in tenant mode, where every /api
# request is signed in (src/config/app-config.ts). Started without a tenant's settings (local mode,
# no sign-in) it refuses to start, naming PLAN_HOST: local mode serves loopback only, so run it
# with `npm start` on the machine itself instead. Settings are the variables of .env.example.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- Production dependencies. better-sqlite3 is a native module: npm fetches its prebuilt binary,
# or builds it here with python3, make and g++, which the runtime stage does not carry. Built on
# the same Debian and Node as the runtime, so the binary matches its glibc and Node ABI.
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The postinstall links bin/plan.js into node_modules/.bin, so it needs both.
COPY scripts/link-bin.js scripts/link-bin.js
COPY bin/ bin/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- The build: every dependency (TypeScript, Vite), the server compiled into dist/, the tab into tab/dist/.
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/link-bin.js scripts/link-bin.js
COPY bin/ bin/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:tab

# --- The runtime: Node, the production node_modules, the compiled server and the built tab. No
# sources (bin/plan.js runs dist/ when no src/ is there to be newer), no compiler, no dev dependency.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PLAN_HOST=0.0.0.0 \
    PLAN_PORT=3978
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/tab/dist ./tab/dist
COPY --chown=root:root package.json ./
COPY --chown=root:root bin/ ./bin/
# The code is root's and read-only to the server; the node user (uid 1000, in the base image)
# may write only /app/data, where PLAN_DB would put a SQLite file (tenant mode writes none).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3978
# Liveness only: /api/health answers without asking the store, so a SharePoint outage or
# throttling never gets the container restarted; readiness is /api/ready, for the load balancer.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PLAN_PORT || 3978) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/plan.js", "serve"]

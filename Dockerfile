# syntax=docker/dockerfile:1
# pgdrift in a container: docker run --rm -e DATABASE_URL -v "$PWD:/work" pgdrift check --migrations migrations
#
# Build stage: every dependency, the TypeScript build (dist/, the catalog queries, the PGlite
# template), then the dev dependencies pruned away.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Not yet the sources: the package's `prepare` (the build) runs below, once they are here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY schemas ./schemas
RUN npm run build && npm prune --omit=dev --ignore-scripts

# Runtime stage: Node, the production dependencies, dist/ and what dist/ reads at run time
# (package.json finds the package root; schemas/ validates snapshots, configs and reports;
# fixtures/demo is `pgdrift demo`). No compiler, no sources, no tests.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /opt/pgdrift
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/schemas ./schemas
COPY fixtures/demo ./fixtures/demo
RUN ln -s /opt/pgdrift/dist/cli/main.js /usr/local/bin/pgdrift
# Files the user mounts are read (and reports written) here, as an unprivileged user.
WORKDIR /work
USER node
ENTRYPOINT ["pgdrift"]
CMD ["--help"]

# mamori's container image: exactly the npm package (what `npm pack` publishes: bin/, dist/, the prebuilt
# console in web/dist/) with its production dependencies pinned by package-lock.json, run by a non-root
# user. `mamori serve` by default, on 0.0.0.0:8080, data in the /data volume; PostgreSQL instead with
# MAMORI_DATABASE_URL. See docs/install.md.

# --- build: compile and pack (prepack runs `npm run build`: tsc to dist/, vite to web/dist/) ---
FROM node:24-slim AS build
WORKDIR /build
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm pack --pack-destination /tmp \
 && mkdir -p /opt/mamori \
 && tar -xzf /tmp/mamori-*.tgz -C /opt/mamori --strip-components=1 \
 && cp package-lock.json /opt/mamori/ \
 && cd /opt/mamori \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm package-lock.json

# --- runtime: Node 24 and the package, nothing else ---
FROM node:24-slim
ENV NODE_ENV=production \
    MAMORI_HOST=0.0.0.0 \
    MAMORI_PORT=8080 \
    MAMORI_DATA_DIR=/data
COPY --from=build /opt/mamori /opt/mamori
RUN ln -s /opt/mamori/bin/mamori.js /usr/local/bin/mamori \
 && mkdir -p /data \
 && chown node:node /data
# The image's own user "node" (uid 1000); /data belongs to it.
USER node
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.MAMORI_PORT || 8080) + '/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["mamori"]
CMD ["serve"]

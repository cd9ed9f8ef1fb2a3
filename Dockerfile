# trailguard as a container image: the single-file CLI (every dependency inlined, the AWS SDK included) on
# node:20-slim, run as the unprivileged `node` user. Build: docker build -t trailguard .
# Run:   docker run --rm -v "$PWD:/work" trailguard scan .             (IaC in the current folder)
#        docker run --rm -e AWS_PROFILE -v ~/.aws:/home/node/.aws:ro trailguard scan --org --role-name …
# No credential is baked into the image: they come from the environment or a mounted ~/.aws at run time.

# --- build: compile and bundle (dev dependencies stay in this stage) ---
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && node scripts/bundle-single.mjs --out /out/trailguard.mjs

# --- runtime: Node.js and one file ---
FROM node:20-slim
ENV NODE_ENV=production
COPY --from=build /out/trailguard.mjs /opt/trailguard/trailguard.mjs
COPY LICENSE /opt/trailguard/LICENSE
RUN chmod 0755 /opt/trailguard/trailguard.mjs && ln -s /opt/trailguard/trailguard.mjs /usr/local/bin/trailguard
WORKDIR /work
USER node
ENTRYPOINT ["trailguard"]
CMD ["--help"]

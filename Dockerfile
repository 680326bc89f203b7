# Warrantor's image (issue #22): the package installed from this repository into a virtual
# environment in a build stage, copied into a slim runtime that runs as a user of its own.
# `docker build -t warrantor .` builds the app (the last stage); compose.yaml also builds
# the `pgbouncer` stage. Every setting comes from the environment (README, "Run in
# production"); nothing secret is baked in.

# --- build: the package and its pinned dependencies, from wheels --------------------------
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/warrantor
WORKDIR /build
COPY pyproject.toml README.md ./
COPY src ./src
RUN /opt/warrantor/bin/pip install --no-cache-dir . \
    && /opt/warrantor/bin/python -m compileall -q /opt/warrantor/lib

# --- pgbouncer: Debian's, the one .ci/topology runs (compose.yaml's pooler) ---------------
FROM debian:bookworm-slim AS pgbouncer
RUN apt-get update \
    && apt-get install -y --no-install-recommends pgbouncer=1.18.0-1+deb12u1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10002 bouncer \
    && useradd --system --uid 10002 --gid bouncer --no-create-home --shell /usr/sbin/nologin bouncer
USER 10002:10002
EXPOSE 6432
CMD ["pgbouncer", "/etc/pgbouncer/pgbouncer.ini"]

# --- the app: web server, worker and migrations are commands of this one image -----------
FROM python:3.11-slim-bookworm AS app
RUN groupadd --system --gid 10001 warrantor \
    && useradd --system --uid 10001 --gid warrantor --home-dir /srv/warrantor \
        --create-home --shell /usr/sbin/nologin warrantor
COPY --from=build /opt/warrantor /opt/warrantor
COPY --chown=root:root policies /srv/warrantor/policies
RUN install -d -o warrantor -g warrantor -m 0700 /srv/warrantor/data /srv/warrantor/attachments
ENV PATH=/opt/warrantor/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    WARRANTOR_POLICIES_DIR=/srv/warrantor/policies \
    WARRANTOR_DATA_DIR=/srv/warrantor/data \
    WARRANTOR_HOST=0.0.0.0 \
    WARRANTOR_PORT=8000 \
    WARRANTOR_LOG_FORMAT=json
WORKDIR /srv/warrantor
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/health/live', timeout=4)"]
CMD ["warrantor", "serve", "--workers", "4"]
